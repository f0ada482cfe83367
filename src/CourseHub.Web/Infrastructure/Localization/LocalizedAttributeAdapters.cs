using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Infrastructure.Localization;

/// <summary>
/// MVC translates a validation attribute's message only through an adapter, and has adapters for its own
/// attributes alone: the site's ([OneLine], [PlainEmail], [KnownCountry]…) showed their English message on
/// Spanish and Portuguese pages. Every other attribute gets an adapter that translates its message too.
/// </summary>
public sealed class LocalizedAttributeAdapters : IValidationAttributeAdapterProvider
{
    /// <summary>The message of the [Required] MVC adds by itself (to a checkbox, a hidden id), which has none to translate.</summary>
    public const string ImplicitRequired = "The {0} field is required.";

    private readonly ValidationAttributeAdapterProvider frameworks = new();

    public IAttributeAdapter? GetAttributeAdapter(ValidationAttribute attribute, IStringLocalizer? stringLocalizer)
    {
        // Without a message of its own an attribute keeps its English default whatever the language: name one.
        if (attribute is RequiredAttribute { ErrorMessage: null, ErrorMessageResourceName: null, ErrorMessageResourceType: null } required)
        {
            required.ErrorMessage = ImplicitRequired;
        }
        return frameworks.GetAttributeAdapter(attribute, stringLocalizer) ?? new MessageAdapter(attribute, stringLocalizer);
    }

    /// <summary>Translates the message; adds nothing for the browser, which validates these on the server only.</summary>
    private sealed class MessageAdapter(ValidationAttribute attribute, IStringLocalizer? stringLocalizer)
        : AttributeAdapterBase<ValidationAttribute>(attribute, stringLocalizer)
    {
        public override void AddValidation(ClientModelValidationContext context)
        {
        }

        public override string GetErrorMessage(ModelValidationContextBase validationContext) =>
            GetErrorMessage(validationContext.ModelMetadata, validationContext.ModelMetadata.GetDisplayName());
    }
}
