using CourseHub.Web.Data;
using CourseHub.Web.Features;
using CourseHub.Web.Features.Benchmarks;
using CourseHub.Web.Infrastructure.ContentImport;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = WebRoot.Locate(args),
});

builder.AddCourseHubSite();
builder.AddCourseHubData();
builder.AddCourseHubContent();
builder.AddCourseHubMail();
builder.AddCourseHubMvc();

var app = builder.Build();

await app.MigrateDatabaseAsync();
await app.ImportContentAsync();

app.UseCourseHubErrorPages();
app.UseStaticFiles();
app.UseRouting();
app.UseOutputCache();
app.MapControllers();
app.MapBenchmarkBaselines();

await app.RunAsync();
