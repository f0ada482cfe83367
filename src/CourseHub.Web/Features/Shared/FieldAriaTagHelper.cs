using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// Tells assistive technology what a field's model says of it: a field that must be filled gets
/// <c>aria-required="true"</c> (sighted readers see the other side, the "(optional)" in the labels of the rest; forms
/// stay <c>novalidate</c>, so that the server's messages, in the reader's language, are the ones shown), and one that
/// failed validation <c>aria-invalid="true"</c> with <c>aria-describedby</c> pointing at its message (an element with
/// id <c>{field id}-error</c>).
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class FieldAriaTagHelper : TagHelper
{
    // Run after the framework's helpers, which set the id and the input's type.
    public override int Order => 1000;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = default!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        // A radio button or a box to tick is not a field to fill: a group of radios says it on its fieldset.
        if (For.Metadata.IsRequired && For.Metadata.UnderlyingOrModelType != typeof(bool)
            && output.Attributes["type"]?.Value?.ToString() is not ("hidden" or "radio" or "checkbox") && !output.Attributes.ContainsName("aria-required"))
        {
            output.Attributes.SetAttribute("aria-required", "true");
        }
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0) return;
        var id = output.Attributes["id"]?.Value?.ToString() ?? TagBuilder.CreateSanitizedId(name, "_");
        output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(describedBy) ? $"{id}-error" : $"{describedBy} {id}-error");
    }
}
