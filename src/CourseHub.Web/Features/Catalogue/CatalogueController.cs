using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace CourseHub.Web.Features.Catalogue;

[AllowAnonymous]
public sealed class CatalogueController(CatalogueQuery query) : Controller
{
    [HttpGet("/")]
    [HttpGet("/courses")]
    [OutputCache(PolicyName = MvcExtensions.PublicContentPolicy)]
    public async Task<IActionResult> Index(string? language, string? modality, string? status, string? q, CancellationToken cancellationToken)
    {
        // Signed-in pages are not cached, so the cards can say where the reader's own applications stand. Nor are searches:
        // each words typed would be an entry of its own, and a stream of them would push the pages everyone reads out.
        if (!string.IsNullOrWhiteSpace(q) && HttpContext.Features.Get<IOutputCacheFeature>() is { } cache) cache.Context.AllowCacheStorage = false;
        var model = await query.RunAsync(new CatalogueFilter(language, modality, status, q), User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        return View(model);
    }
}
