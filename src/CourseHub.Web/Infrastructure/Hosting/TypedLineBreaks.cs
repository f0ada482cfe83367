using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// Text typed in a form arrives with its line breaks as CR LF (how forms are encoded), which a field's maxlength counts
/// as one character and a length check on the server as two: a text the browser let through would be refused. Every
/// string is bound with its line breaks as "\n", so that both count alike, and the text is stored the same whichever
/// browser sent it. Other control characters are refused with a message.
/// </summary>
public sealed class TypedLineBreaksBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string)
            ? new Binder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class Binder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result is not { IsModelSet: true, Model: string text }) return;
            if (text.Contains('\r', StringComparison.Ordinal)) bindingContext.Result = ModelBindingResult.Success(text = Normalise(text));
            // Control characters other than line breaks and tabs cannot be typed, only pasted from another program;
            // kept, they would reach mails, calendar files and exports, where they are not allowed.
            if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
            {
                var T = bindingContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                    T["Remove the invisible control characters (pasted from another program) from this field."]);
            }
        }
    }

    public static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
