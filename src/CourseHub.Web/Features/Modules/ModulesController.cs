using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace CourseHub.Web.Features.Modules;

[AllowAnonymous]
public sealed class ModulesController(ModulePageQuery query) : Controller
{
    [HttpGet("courses/{slug}/modules/{module}")]
    [OutputCache(PolicyName = MvcExtensions.PublicContentPolicy)]
    public async Task<IActionResult> Show(string slug, string module, CancellationToken cancellationToken)
    {
        var model = await query.RunAsync(slug, module, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = $"{model.Title} · {model.CourseTitle}";
        return View(model);
    }
}
