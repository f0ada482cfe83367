using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace CourseHub.Web.Features.Shared;

/// <summary>An empty cell of a table: a dash to the eye, words to a screen reader, which reads a lone dash as nothing or as "em dash".</summary>
public static class NoValue
{
    public static IHtmlContent Dash(string spoken) =>
        new HtmlString($"<span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">{HtmlEncoder.Default.Encode(spoken)}</span>");
}
