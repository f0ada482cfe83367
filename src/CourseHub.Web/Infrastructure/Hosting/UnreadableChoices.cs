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

/// <summary>
/// A choice among named values arrives by its name, as the site's buttons and fields send it: a number ("2")
/// would be read as whichever value happens to stand at that place in the list (reject instead of waitlist), so
/// it is refused like any value the site does not know.
/// </summary>
public sealed class NamedChoiceBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (!type.IsEnum) return null;
        var inner = new EnumTypeModelBinder(suppressBindingUndefinedValueToEnumType: true, context.Metadata.UnderlyingOrModelType,
            context.Services.GetRequiredService<ILoggerFactory>());
        return new Binder(inner);
    }

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (value.FirstValue is { } text && text.Trim() is [var first, ..] && (char.IsAsciiDigit(first) || first is '-' or '+'))
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                    bindingContext.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, bindingContext.ModelMetadata.GetDisplayName()));
                bindingContext.Result = ModelBindingResult.Failed();
                return Task.CompletedTask;
            }
            return inner.BindModelAsync(bindingContext);
        }
    }
}
