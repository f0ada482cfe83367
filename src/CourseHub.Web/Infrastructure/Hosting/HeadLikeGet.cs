using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;

namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// Every page that answers GET answers HEAD too, as HTTP expects (RFC 9110 §9.3.2): link checkers, calendar
/// programs and previews ask HEAD first, and an address they find missing (or behind a sign-in, for a visitor)
/// is one they drop. The server sends the headers of the GET and leaves its body out.
/// </summary>
public sealed class HeadLikeGetConvention : IApplicationModelConvention
{
    public void Apply(ApplicationModel application)
    {
        foreach (var selector in application.Controllers.SelectMany(c => c.Actions).SelectMany(a => a.Selectors))
        {
            var constraint = selector.ActionConstraints.OfType<HttpMethodActionConstraint>().FirstOrDefault();
            if (constraint is null || !constraint.HttpMethods.Contains(HttpMethods.Get) || constraint.HttpMethods.Contains(HttpMethods.Head)) continue;
            var methods = constraint.HttpMethods.Append(HttpMethods.Head).ToArray();
            selector.ActionConstraints.Remove(constraint);
            selector.ActionConstraints.Add(new HttpMethodActionConstraint(methods));
            foreach (var metadata in selector.EndpointMetadata.OfType<HttpMethodMetadata>().ToList()) selector.EndpointMetadata.Remove(metadata);
            selector.EndpointMetadata.Add(new HttpMethodMetadata(methods));
        }
    }
}
