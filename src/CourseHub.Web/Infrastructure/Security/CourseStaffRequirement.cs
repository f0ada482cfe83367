using System.Security.Claims;
using CourseHub.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Infrastructure.Security;

/// <summary>The course named by the route's <c>slug</c> is one the person teaches — or the person is an admin.</summary>
public sealed class CourseStaffRequirement : IAuthorizationRequirement;

public sealed class CourseStaffHandler(CourseHubDbContext db) : AuthorizationHandler<CourseStaffRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CourseStaffRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Admin))
        {
            context.Succeed(requirement);
            return;
        }
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || !context.User.IsInRole(Roles.Instructor)) return;
        var slug = context.Resource switch
        {
            HttpContext http => http.GetRouteValue("slug") as string,
            _ => null,
        };
        if (slug is not null && await db.CourseInstructors.AnyAsync(i => i.UserId == userId && i.Course!.Slug == slug))
        {
            context.Succeed(requirement);
        }
    }
}
