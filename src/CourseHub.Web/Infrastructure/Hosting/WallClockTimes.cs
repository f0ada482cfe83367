using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// A date and time typed into a form is a wall-clock time in the zone the form names (the course's): it arrives as
/// "2027-05-05T15:00", as browsers send it. One sent with an offset or "Z" would be turned into the server's own
/// time and then read as the course's, landing hours away from either; it is refused beside its field instead.
/// </summary>
public sealed class WallClockTimeBinderProvider : IModelBinderProvider
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(DateTime) ? new Binder() : null;

    private sealed class Binder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (value == ValueProviderResult.None) return Task.CompletedTask;
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
            var text = value.FirstValue?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                // Empty: no value, which [Required] answers for a field that needs one.
                if (bindingContext.ModelMetadata.IsReferenceOrNullableType) bindingContext.Result = ModelBindingResult.Success(null);
                return Task.CompletedTask;
            }
            if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
            {
                bindingContext.Result = ModelBindingResult.Success(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified));
                return Task.CompletedTask;
            }
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                bindingContext.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, bindingContext.ModelMetadata.GetDisplayName()));
            return Task.CompletedTask;
        }
    }
}
