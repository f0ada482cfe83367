using System.Net;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CourseHub.Web.Tests.Security;

/// <summary>
/// Every endpoint of the app, against every kind of visitor. An endpoint added without saying who may
/// use it fails here; so does one whose behaviour does not match what it declares.
/// </summary>
public sealed class EndpointAuthorizationTests(EndpointAuthorizationTests.Site site, ITestOutputHelper output)
    : IClassFixture<EndpointAuthorizationTests.Site>
{
    public sealed class Site : IDisposable
    {
        public TestSite App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    private enum Visitor { Anonymous, Participant, Instructor, Admin }

    private sealed record Endpoint(string Method, string Template, RoutePattern Pattern, bool Anonymous, IReadOnlyList<string> Policies);

    private IReadOnlyList<Endpoint> Endpoints()
    {
        var source = site.App.Services.GetRequiredService<EndpointDataSource>();
        var endpoints = new List<Endpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(a => a.Policy ?? (a.Roles is { } roles ? $"roles:{roles}" : Policies.SignedIn)).ToList();
            foreach (var method in methods)
            {
                endpoints.Add(new Endpoint(method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), endpoint.RoutePattern, anonymous, policies));
            }
        }
        return endpoints;
    }

    [Fact]
    public void Every_endpoint_declares_who_may_use_it()
    {
        var undeclared = Endpoints().Where(e => !e.Anonymous && e.Policies.Count == 0).Select(e => $"{e.Method} {e.Template}").ToList();

        Assert.True(undeclared.Count == 0, "Endpoints without [Authorize(Policy=…)] or [AllowAnonymous]: " + string.Join(", ", undeclared));
        Assert.True(Endpoints().Count > 20, "the endpoint list looks incomplete");
    }

    [Fact]
    public async Task Every_endpoint_admits_exactly_the_visitors_its_policy_names()
    {
        await site.App.CreateAsync("participant@matrix.test");
        await site.App.CreateAsync("instructor@matrix.test", Roles.Instructor);
        await site.App.CreateAsync("admin@matrix.test", Roles.Admin);
        var target = await site.App.CreateAsync("target@matrix.test");
        // The instructor teaches the course that the matrix puts in every {slug}.
        await site.App.WithDbAsync(async db =>
        {
            db.CourseInstructors.Add(new Data.Entities.CourseInstructor
            {
                CourseId = await db.Courses.Where(c => c.Slug == "from-digital-to-smart-government").Select(c => c.Id).SingleAsync(),
                UserId = await db.Users.Where(u => u.Email == "instructor@matrix.test").Select(u => u.Id).SingleAsync(),
            });
            return await db.SaveChangesAsync();
        });
        var browsers = new Dictionary<Visitor, HttpClient>
        {
            [Visitor.Anonymous] = site.App.NewBrowser(),
            [Visitor.Participant] = await site.App.SignedInBrowserAsync("participant@matrix.test"),
            [Visitor.Instructor] = await site.App.SignedInBrowserAsync("instructor@matrix.test"),
            [Visitor.Admin] = await site.App.SignedInBrowserAsync("admin@matrix.test"),
        };
        var tokens = new Dictionary<Visitor, string>();
        foreach (var (visitor, browser) in browsers)
        {
            tokens[visitor] = await browser.AntiforgeryTokenAsync(visitor == Visitor.Anonymous ? "/account/sign-in" : "/account/profile");
        }

        var failures = new List<string>();
        // Signing out would end the visitor's session for the endpoints after it: keep it for last.
        foreach (var endpoint in Endpoints().Where(e => !e.Template.StartsWith("/bench", StringComparison.Ordinal))
                     .OrderBy(e => e.Template.Contains("sign-out", StringComparison.Ordinal)).ThenBy(e => e.Template, StringComparer.Ordinal))
        {
            var url = Fill(endpoint.Pattern, target.Id);
            foreach (var (visitor, browser) in browsers)
            {
                var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
                if (endpoint.Method == "POST")
                {
                    request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = tokens[visitor] });
                }
                var response = await browser.SendAsync(request);
                var outcome = Outcome(response, url);
                var expected = Expected(endpoint, visitor);
                output.WriteLine($"{endpoint.Method} {url} as {visitor}: {(int)response.StatusCode} → {outcome} (expected {expected})");
                if (outcome != expected) failures.Add($"{endpoint.Method} {url} as {visitor}: {outcome}, expected {expected}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Expected(Endpoint endpoint, Visitor visitor)
    {
        if (endpoint.Anonymous) return "allowed";
        if (visitor == Visitor.Anonymous) return "sign-in";
        var allowed = endpoint.Policies.All(policy => policy switch
        {
            Policies.SignedIn => true,
            Policies.Admin => visitor == Visitor.Admin,
            Policies.Instructor => visitor is Visitor.Instructor or Visitor.Admin,
            // The matrix's instructor teaches the course of every {slug}; other instructors are tested by feature.
            Policies.CourseStaff => visitor is Visitor.Instructor or Visitor.Admin,
            _ => throw new InvalidOperationException($"The matrix does not know policy {policy}: add it here."),
        });
        return allowed ? "allowed" : "forbidden";
    }

    private static string Outcome(HttpResponseMessage response, string url)
    {
        var location = response.Headers.Location?.ToString() ?? "";
        if (response.StatusCode == HttpStatusCode.Unauthorized || location.Contains("/account/sign-in", StringComparison.Ordinal)) return "sign-in";
        // The access-denied page answers 403 itself: reaching it is being allowed to see it.
        var denialPage = url == "/account/access-denied";
        if ((response.StatusCode == HttpStatusCode.Forbidden && !denialPage) || location.Contains("/account/access-denied", StringComparison.Ordinal)) return "forbidden";
        return "allowed";
    }

    /// <summary>Real values for route parameters, so that each request reaches its action.</summary>
    private static string Fill(RoutePattern pattern, string userId)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") => "1",
            RoutePatternParameterPart parameter => parameter.Name switch
            {
                "slug" => "from-digital-to-smart-government",
                "module" => "from-e-government-to-smart-government",
                "id" => userId,
                "courseId" => "1",
                "code" => "404",
                _ => "1",
            },
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
