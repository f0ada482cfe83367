using System.Threading.RateLimiting;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Infrastructure.Security;

public static class SecurityExtensions
{
    public const string AuthRateLimit = "auth";

    public static WebApplicationBuilder AddCourseHubSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        builder.Services
            .AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                // Length over composition rules, as current guidance advises.
                options.Password.RequiredLength = 10;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = security.MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.LockoutMinutes);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = true;
            })
            .AddEntityFrameworkStores<CourseHubDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<Features.Account.LocalizedIdentityErrors>()
            .AddPasswordValidator<Features.Account.PasswordNotAddressValidator>()
            .AddClaimsPrincipalFactory<ProfileClaimsFactory>();

        builder.Services.AddSingleton<DatabaseTicketStore>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore>((options, store) => options.SessionStore = store);
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "CourseHub.Session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/access-denied";
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
            // Identity's validator, and the user manager behind it, are built only when the stamp is due:
            // reading the ticket's age first (the validator's own test) spares every other request that work.
            options.Events.OnValidatePrincipal = context =>
            {
                var stamp = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
                var now = (stamp.TimeProvider ?? TimeProvider.System).GetUtcNow();
                return context.Properties.IssuedUtc is { } issued && now - issued <= stamp.ValidationInterval
                    ? Task.CompletedTask
                    : SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });
        // Ending sessions is the session store's job (sign-out, password change and locking delete them);
        // the stamp is checked once a minute so that a change of roles reaches open sessions quickly,
        // without renewing every session on every request.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Instructor, policy => policy.RequireRole(Roles.Instructor, Roles.Admin))
            .AddPolicy(Policies.CourseStaff, policy => policy.RequireAuthenticatedUser().AddRequirements(new CourseStaffRequirement()))
            // Anything that does not say who may use it is for signed-in people only.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.Services.AddScoped<IAuthorizationHandler, CourseStaffHandler>();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Programs are told when to come back (the page tells people). A fixed window reports the whole window, not
            // what is left of it: an upper bound, which is what the page says too.
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(AuthRateLimit, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.AuthRequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return builder;
    }

    /// <summary>
    /// What browsers may do with the site's pages, for every answer (pages, files, errors): run only the site's own
    /// scripts, so that markup slipping past the sanitizer one day could run nothing; load images from the site and
    /// from elsewhere (module texts show pictures from other sites, as the sanitizer lets them; the styles draw with
    /// data URLs); never be framed by another site; never guess a file's
    /// type; and send other sites only the origin of a page a link is followed from, not its address.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: http: data:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseCourseHubSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // Set as the answer starts: an error page clears the headers of the answer it replaces.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    public static WebApplication UseCourseHubSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        // An address nothing answers is a missing page for everyone, not a prompt to sign in: the fallback
        // policy below is for endpoints that do not say who may use them, and would otherwise also take these.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is not null) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
