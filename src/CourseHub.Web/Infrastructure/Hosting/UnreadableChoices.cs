using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// A yes/no or a choice among named values (publish or unpublish, endorse or not, accept or decline) that
/// arrives unreadable, or a yes/no that does not arrive, is answered 400 and changes nothing. Read as its
/// default, it would do one of the two things — often the one that cannot be undone — that the person never
/// asked for. The site's own buttons and links always send a readable value.
/// </summary>
public sealed class UnreadableChoiceFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            // A nullable one says "none" for what it cannot read, and its action answers that.
            var type = parameter.ParameterType;
            if (type != typeof(bool) && !type.IsEnum) continue;
            var key = parameter.BindingInfo?.BinderModelName ?? parameter.Name;
            var missing = type == typeof(bool) && !context.ModelState.ContainsKey(key);
            if (missing || context.ModelState.GetFieldValidationState(key) == ModelValidationState.Invalid)
            {
                context.Result = new BadRequestResult();
                return;
            }
        }
    }

    public void OnActionExecuted(ActionExecutedContext context) { }
}

/// <summary>
/// A form's yes/no field that arrives as neither keeps its message, but not the unreadable value: a page shown
/// again would otherwise fail to draw its checkbox from it.
/// </summary>
public sealed class ReadableBooleanBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        (Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType) == typeof(bool)
            ? new Binder(new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            var key = bindingContext.ModelName;
            if (!bindingContext.Result.IsModelSet && bindingContext.ModelState.GetFieldValidationState(key) == ModelValidationState.Invalid)
            {
                bindingContext.ModelState.SetModelValue(key, rawValue: null, attemptedValue: null);
            }
        }
    }
}
