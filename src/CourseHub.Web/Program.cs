using CourseHub.Web.Data;
using CourseHub.Web.Features;
using CourseHub.Web.Features.Benchmarks;
using CourseHub.Web.Infrastructure.ContentImport;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Hosting;
using CourseHub.Web.Infrastructure.Localization;
using CourseHub.Web.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = WebRoot.Locate(args),
});

builder.AddCourseHubSite();
builder.AddCourseHubData();
builder.AddCourseHubContent();
builder.AddCourseHubMail();
builder.AddCourseHubSecurity();
builder.AddCourseHubLocalization();
builder.AddCourseHubMvc();
builder.AddCourseHubStaticAssets();

var app = builder.Build();

await using (await app.HoldStartupLockAsync())
{
    await app.MigrateDatabaseAsync();
    await app.EnsureRolesAsync();
    if (args is ["create-admin", ..])
    {
        return await app.CreateAdminAsync(args);
    }
    await app.RefreshStoredRenderingsAsync();
    await app.ImportContentAsync();
    await app.SeedDemoAccountsAsync();
}

app.UseCourseHubSecurityHeaders();
app.UseCourseHubErrorPages();
app.UseCourseHubStaticAssets();
app.UseRouting();
app.RememberLanguageNamedByLinks();
app.UseCourseHubSecurity();
app.UseRequestLocalization();
app.UseOutputCache();
app.MapControllers();
await app.MapBenchmarkBaselinesAsync();

await app.RunAsync();
return 0;
