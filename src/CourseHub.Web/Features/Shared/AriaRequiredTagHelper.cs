using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// Tells assistive technology which fields must be filled: <c>aria-required="true"</c> on every field whose model
/// property is required. Sighted readers see the other side of it, the "(optional)" in the labels of the rest.
/// Forms stay <c>novalidate</c>: the server's messages, in the reader's language, are the ones shown.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class AriaRequiredTagHelper : TagHelper
{
    // After the framework's helpers, which set the input's type.
    public override int Order => 1000;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!For.Metadata.IsRequired || For.Metadata.UnderlyingOrModelType == typeof(bool)) return;
        // A radio button or a box to tick is not a field to fill: a group of radios says it on its fieldset.
        if (output.Attributes["type"]?.Value?.ToString() is "hidden" or "radio" or "checkbox") return;
        if (!output.Attributes.ContainsName("aria-required")) output.Attributes.SetAttribute("aria-required", "true");
    }
}
