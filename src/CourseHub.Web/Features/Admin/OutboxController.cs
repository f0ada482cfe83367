using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Admin;

public sealed record OutboxViewModel(OutboxPage Page, string? Notice, bool NoticeIsError);

/// <summary>The email outbox for programme coordinators: what was sent, what waits, what failed.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/outbox")]
public sealed class OutboxController(OutboxPageQuery query, RetryOutboxMessage retry, IStringLocalizer<SharedResource> T) : Controller
{
    // Admin pages share Features/Admin/, so their views are named explicitly.
    private const string OutboxView = "~/Features/Admin/Outbox.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? status, int page = 1, long? retried = null, long? notRetried = null, string? to = null,
        CancellationToken cancellationToken = default)
    {
        var model = await query.RunAsync(ParseStatus(status), page, cancellationToken, to);
        var notice = (retried, notRetried) switch
        {
            ({ } id, _) => T["Message {0} is queued again and will be sent on the next pass.", id].Value,
            (_, { } id) => T["Message {0} was not retried: only failed messages can be retried.", id].Value,
            _ => null,
        };
        ViewData["Title"] = T["Email outbox"].Value;
        return View(OutboxView, new OutboxViewModel(model, notice, notRetried is not null));
    }

    [HttpPost("{id:long}/retry")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Retry(long id, string? status, int page = 1, string? to = null, CancellationToken cancellationToken = default)
    {
        var result = await retry.RunAsync(id, cancellationToken);
        if (result == RetryResult.NotFound) return NotFound();
        var filter = ParseStatus(status)?.ToString().ToLowerInvariant();
        return result == RetryResult.Retried
            ? RedirectToAction(nameof(Index), new { status = filter, page, to, retried = id })
            : RedirectToAction(nameof(Index), new { status = filter, page, to, notRetried = id });
    }

    /// <summary>An unknown status shows every message rather than an error: the filter is a convenience.</summary>
    private static OutboxStatus? ParseStatus(string? status) =>
        Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(status![0])
            ? parsed
            : null;
}
