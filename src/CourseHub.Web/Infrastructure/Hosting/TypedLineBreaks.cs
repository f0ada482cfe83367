using System.Text;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace CourseHub.Web.Infrastructure.Hosting;

/// <summary>
/// Text typed in a form arrives with its line breaks as CR LF (how forms are encoded), which a field's maxlength counts
/// as one character and a length check on the server as two: a text the browser let through would be refused. Every
/// string is bound with its line breaks as "\n", so that both count alike, and the text is stored the same whichever
/// browser sent it. Text pasted from other programs brings line breaks of their own (Word's manual break is a
/// vertical tab; PDFs give form feeds and line separators), which become "\n" too, and invisible control characters,
/// which are dropped: kept, they would reach mails, calendar files and exports, where they are not allowed.
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
            if (bindingContext.Result is { IsModelSet: true, Model: string text } && text.Any(NeedsWork))
            {
                bindingContext.Result = ModelBindingResult.Success(Typed(text));
            }
        }
    }

    private static bool NeedsWork(char c) => (char.IsControl(c) && c is not '\n' and not '\t') || c is '\u2028' or '\u2029';

    /// <summary>The text as typed: every kind of line break as "\n", tabs kept, other control characters left out.</summary>
    public static string Typed(string text)
    {
        var typed = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (c is '\r' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029') typed.Append('\n');
            else if (!NeedsWork(c)) typed.Append(c);
        }
        return typed.ToString();
    }
}
