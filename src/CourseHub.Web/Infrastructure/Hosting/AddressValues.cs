using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// An action's parameter named like a value of its address (<c>slug</c> in <c>/courses/{slug}/sessions</c>) is
/// read from the address only. MVC would otherwise take a form field of that name first, and the address is
/// what authorization checked: an instructor of one course could post another course's slug in the body and
/// act on it.
/// </summary>
public sealed class AddressParametersFromAddressConvention : IApplicationModelConvention
{
    public void Apply(ApplicationModel application)
    {
        foreach (var controller in application.Controllers)
        {
            foreach (var action in controller.Actions)
            {
                var names = AddressValueNames(controller, action);
                foreach (var parameter in action.Parameters.Where(p => names.Contains(p.ParameterName)))
                {
                    parameter.BindingInfo ??= new BindingInfo();
                    parameter.BindingInfo.BindingSource ??= BindingSource.Path;
                }
            }
        }
    }

    /// <summary>The values named in every address the action answers (the controller's route joined to its own).</summary>
    private static HashSet<string> AddressValueNames(ControllerModel controller, ActionModel action)
    {
        var controllerRoutes = controller.Selectors.Select(s => s.AttributeRouteModel).ToList();
        if (controllerRoutes.Count == 0) controllerRoutes.Add(null);
        return action.Selectors
            .SelectMany(a => controllerRoutes.Select(c => AttributeRouteModel.CombineAttributeRouteModel(c, a.AttributeRouteModel)?.Template))
            .OfType<string>()
            .SelectMany(template => RoutePatternFactory.Parse(template).Parameters.Select(p => p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>
/// A GET or HEAD is answered from its address alone: a form body sent with it is not read. The pages answered
/// are cached by address, and one built from a body would be served to everyone who asks for that address.
/// </summary>
public sealed class BodyOnlyWithUnsafeMethods(IValueProviderFactory inner) : IValueProviderFactory
{
    public Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        var method = context.ActionContext.HttpContext.Request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            ? Task.CompletedTask
            : inner.CreateValueProviderAsync(context);
    }

    /// <summary>Wraps the factories that read the request's body (form fields and files).</summary>
    public static void Apply(IList<IValueProviderFactory> factories)
    {
        for (var i = 0; i < factories.Count; i++)
        {
            if (factories[i] is FormValueProviderFactory or JQueryFormValueProviderFactory or FormFileValueProviderFactory)
            {
                factories[i] = new BodyOnlyWithUnsafeMethods(factories[i]);
            }
        }
    }
}
