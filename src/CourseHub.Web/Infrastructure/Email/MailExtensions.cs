using CourseHub.Web.Infrastructure.Email.Templates;

namespace CourseHub.Web.Infrastructure.Email;

public static class MailExtensions
{
    public static WebApplicationBuilder AddCourseHubMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddSingleton<MailLayout>();
        builder.Services.AddSingleton<AccountMails>();
        builder.Services.AddSingleton<ApplicationMails>();
        return builder;
    }
}
