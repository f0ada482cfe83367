using System.Reflection;
using System.Text;
using AngleSharp.Dom;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Admin;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Email;

/// <summary>
/// The admin's outbox page. Signing in over HTTP comes with the accounts feature, so these tests call
/// the query, the handler and the controller directly, and render the real view.
/// </summary>
public sealed class OutboxAdminTests
{
    [Fact]
    public async Task Outbox_page_counts_each_status_and_lists_newest_first_fifty_a_page()
    {
        using var site = MailSite.Pickup();
        var ids = await EnqueueManyAsync(site, 60);
        await SetStatusAsync(site, ids[..5], OutboxStatus.Failed);
        await SetStatusAsync(site, ids[5..10], OutboxStatus.Sent);
        await SetStatusAsync(site, ids[10..11], OutboxStatus.Suppressed);
        await SetStatusAsync(site, ids[11..12], OutboxStatus.Sending);

        var first = await QueryAsync(site, null, 1);
        var second = await QueryAsync(site, null, 2);
        var failed = await QueryAsync(site, OutboxStatus.Failed, 1);
        var beyond = await QueryAsync(site, null, 99);

        Assert.Equal(48, first.Counts[OutboxStatus.Queued]);
        Assert.Equal(1, first.Counts[OutboxStatus.Sending]);
        Assert.Equal(5, first.Counts[OutboxStatus.Sent]);
        Assert.Equal(5, first.Counts[OutboxStatus.Failed]);
        Assert.Equal(1, first.Counts[OutboxStatus.Suppressed]);
        Assert.Equal(2, first.PageCount);
        Assert.Equal(ids.Reverse().Take(50), first.Rows.Select(r => r.Id));
        Assert.Equal(ids.Reverse().Skip(50), second.Rows.Select(r => r.Id));
        Assert.Equal(ids[..5].Reverse(), failed.Rows.Select(r => r.Id));
        Assert.All(failed.Rows, r => Assert.Equal(OutboxStatus.Failed, r.Status));
        Assert.Equal(5, failed.Total);
        Assert.Equal(2, beyond.Page);
    }

    [Fact]
    public async Task Retry_puts_a_failed_message_back_in_the_queue_now_and_it_is_delivered()
    {
        await using var server = await ScriptedSmtpServer.StartAsync();
        server.RejectedRecipients["ana.perez@example.org"] = true;
        using var site = MailSite.Smtp(server.Port);
        var id = await site.EnqueueAsync("decision");
        await site.Dispatcher.DispatchDueAsync();
        Assert.Equal(OutboxStatus.Failed, (await site.MessageAsync(id)).Status);

        server.RejectedRecipients.Clear(); // the mailbox was fixed
        site.Clock.Advance(TimeSpan.FromHours(2));
        var result = await site.WithScopeAsync(s => s.GetRequiredService<RetryOutboxMessage>().RunAsync(id, CancellationToken.None));

        Assert.Equal(RetryResult.Retried, result);
        var queued = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Queued, queued.Status);
        Assert.Equal(site.Now, queued.NextAttemptUtc);
        Assert.Equal(0, queued.Attempts);
        Assert.StartsWith("550", queued.LastError);

        Assert.Equal(1, await site.Dispatcher.DispatchDueAsync());
        Assert.Equal(OutboxStatus.Sent, (await site.MessageAsync(id)).Status);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Retry_leaves_messages_that_have_not_failed_alone()
    {
        using var site = MailSite.Pickup();
        var id = await site.EnqueueAsync("welcome");
        await site.Dispatcher.DispatchDueAsync();

        var sent = await site.WithScopeAsync(s => s.GetRequiredService<RetryOutboxMessage>().RunAsync(id, CancellationToken.None));
        var missing = await site.WithScopeAsync(s => s.GetRequiredService<RetryOutboxMessage>().RunAsync(id + 1000, CancellationToken.None));

        Assert.Equal(RetryResult.NotFailed, sent);
        Assert.Equal(RetryResult.NotFound, missing);
        Assert.Equal(OutboxStatus.Sent, (await site.MessageAsync(id)).Status);
    }

    [Fact]
    public async Task Outbox_page_shows_an_accessible_table_with_a_retry_form_for_failed_messages()
    {
        using var site = MailSite.Pickup();
        var ids = await EnqueueManyAsync(site, 3);
        await SetStatusAsync(site, ids[..1], OutboxStatus.Failed, "550 5.1.1 mailbox unavailable");
        await SetStatusAsync(site, ids[1..2], OutboxStatus.Sent);

        var page = await RenderAsync(site, c => c.Index(null));

        Assert.Equal("Email outbox", page.QuerySelector("h1").Text());
        var table = page.QuerySelector("table")!;
        Assert.Contains("newest first", table.QuerySelector("caption").Text());
        Assert.All(table.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        var rows = table.QuerySelectorAll("tbody tr");
        Assert.Equal(ids.Reverse().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            rows.Select(r => r.QuerySelector("th[scope=row]").Text()));

        var failedRow = rows.Last();
        Assert.Contains("Failed", failedRow.Text());
        Assert.Contains("550 5.1.1 mailbox unavailable", failedRow.Text());
        var form = failedRow.QuerySelector("form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal($"/admin/outbox/{ids[0]}/retry", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.StartsWith("Retry", form.QuerySelector("button").Text());
        Assert.All(rows.Take(2), r => Assert.Null(r.QuerySelector("form")));

        var filters = page.QuerySelectorAll("nav[aria-label='Messages by status'] a").Select(a => a.Text()).ToList();
        Assert.Contains("All 3", filters);
        Assert.Contains("Queued 1", filters);
        Assert.Contains("Failed 1", filters);
        Assert.Contains("Sent 1", filters);
    }

    [Fact]
    public async Task Outbox_page_says_what_each_message_is_in_words_and_keeps_the_code_beside_it()
    {
        using var site = MailSite.Pickup();
        await site.EnqueueAsync("received", kind: Web.Infrastructure.Email.Templates.ApplicationMails.ReceivedKind);
        await site.EnqueueAsync("invite", kind: Web.Infrastructure.Email.Templates.SessionMails.InviteKind);
        await site.EnqueueAsync("old", kind: "legacy.kind");

        var page = await RenderAsync(site, c => c.Index(null));

        var kinds = page.QuerySelectorAll("tbody tr td:nth-of-type(2)").Select(td => td.Text().Trim()).ToList();
        Assert.Equal(3, kinds.Count);
        Assert.StartsWith("Application received", kinds[2]);
        Assert.Contains("application.received", kinds[2]);
        Assert.StartsWith("Session invitation or change", kinds[1]);
        // A kind the site does not know (any more) is shown as it was stored.
        Assert.StartsWith("legacy.kind", kinds[0]);
    }

    [Fact]
    public async Task An_admin_finds_the_mails_to_one_person_by_part_of_their_address_whatever_its_letter_case()
    {
        using var site = MailSite.Pickup();
        var offer = await site.EnqueueAsync("offer", to: "Ana.Perez@Hacienda.gob.cl");
        await site.EnqueueAsync("invite", to: "ana.perez@hacienda.gob.cl");
        await site.EnqueueAsync("other", to: "luis@gob.pe");
        await SetStatusAsync(site, [offer], OutboxStatus.Failed, "451 try later");

        var page = await RenderAsync(site, c => c.Index(null, to: " ANA.perez "));

        var rows = page.QuerySelectorAll("tbody tr").Select(tr => tr.Text()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, row => row.Contains("Ana.Perez@Hacienda.gob.cl", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.Contains("ana.perez@hacienda.gob.cl", StringComparison.Ordinal));
        Assert.Equal("ana.perez", page.QuerySelector("input#to")!.GetAttribute("value"));
        // The counts are the person's, and the status tabs keep the search.
        Assert.Equal("/admin/outbox?status=failed&to=ana.perez", page.QuerySelector("nav a[href*='status=failed']")!.GetAttribute("href"));
        Assert.Equal("ana.perez", page.QuerySelector("form[action$='/retry'] input[name=to]")!.GetAttribute("value"));
        var nobody = await RenderAsync(site, c => c.Index(null, to: "nadie@"));
        Assert.Equal("No message to an address containing “nadie@”.", nobody.QuerySelector(".card-body p").Text());
    }

    [Fact]
    public async Task Why_a_message_was_not_sent_reads_in_the_admin_s_language_when_the_site_wrote_it_and_as_the_server_wrote_it_otherwise()
    {
        using var site = MailSite.Pickup();
        var suppressed = await site.EnqueueAsync("news", essential: false);
        var failed = await site.EnqueueAsync("offer");
        await SetStatusAsync(site, [suppressed], OutboxStatus.Suppressed, Web.Infrastructure.Email.OutboxDispatcher.UnsubscribedNote);
        await SetStatusAsync(site, [failed], OutboxStatus.Failed, "550 mailbox unavailable");
        var reader = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("es");
        try
        {
            var page = await RenderAsync(site, c => c.Index(null));

            var errors = page.QuerySelectorAll("tbody tr td.text-break").Select(td => td.Text()).ToList();
            Assert.Contains("La persona destinataria dejó de recibir el correo no esencial.", errors);
            Assert.Contains("550 mailbox unavailable", errors);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = reader;
        }
    }

    [Fact]
    public async Task Retry_button_returns_to_the_list_which_says_the_message_is_queued_again()
    {
        using var site = MailSite.Pickup();
        var ids = await EnqueueManyAsync(site, 1);
        await SetStatusAsync(site, ids, OutboxStatus.Failed, "451 try later");

        var redirect = Assert.IsType<RedirectToActionResult>(await InvokeAsync(site, c => c.Retry(ids[0], "failed")));
        Assert.Equal(nameof(OutboxController.Index), redirect.ActionName);
        Assert.Equal(ids[0], redirect.RouteValues!["retried"]);
        Assert.Equal("failed", redirect.RouteValues!["status"]);

        var page = await RenderAsync(site, c => c.Index("queued", retried: ids[0]));
        Assert.Contains($"Message {ids[0]} is queued again", page.QuerySelector("[role=status]").Text());
        Assert.Contains("Queued", page.QuerySelector("tbody tr").Text());
        Assert.IsType<NotFoundResult>(await InvokeAsync(site, c => c.Retry(ids[0] + 1000, null)));
    }

    [Fact]
    public void Outbox_pages_are_for_admins_and_retry_takes_an_antiforgery_token()
    {
        var authorize = typeof(OutboxController).GetCustomAttribute<AuthorizeAttribute>();
        Assert.Equal(Policies.Admin, authorize?.Policy);
        var retry = typeof(OutboxController).GetMethod(nameof(OutboxController.Retry))!;
        Assert.NotNull(retry.GetCustomAttribute<HttpPostAttribute>());
        Assert.NotNull(retry.GetCustomAttribute<ValidateAntiForgeryTokenAttribute>());
    }

    private static async Task<long[]> EnqueueManyAsync(MailSite site, int count)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++) ids[i] = await site.EnqueueAsync($"message-{i}", to: $"person{i}@example.org");
        return ids;
    }

    private static Task<int> SetStatusAsync(MailSite site, long[] ids, OutboxStatus status, string? error = null) =>
        site.WithDbAsync(db => db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.LastError, error)
            .SetProperty(m => m.Attempts, 1)));

    private static Task<OutboxPage> QueryAsync(MailSite site, OutboxStatus? status, int page) =>
        site.WithScopeAsync(s => s.GetRequiredService<OutboxPageQuery>().RunAsync(status, page, CancellationToken.None));

    private static async Task<IActionResult> InvokeAsync(MailSite site, Func<OutboxController, Task<IActionResult>> action)
    {
        await using var scope = site.App.Services.CreateAsyncScope();
        var (controller, _) = Controller(scope.ServiceProvider);
        return await action(controller);
    }

    /// <summary>Runs an action of the controller and executes its result (the real Razor view and layout) into a buffer.</summary>
    private static async Task<IDocument> RenderAsync(MailSite site, Func<OutboxController, Task<IActionResult>> action)
    {
        await using var scope = site.App.Services.CreateAsyncScope();
        var (controller, body) = Controller(scope.ServiceProvider);
        var result = await action(controller);
        await result.ExecuteResultAsync(controller.ControllerContext);
        return Html.Parse(Encoding.UTF8.GetString(body.ToArray()));
    }

    private static (OutboxController Controller, MemoryStream Body) Controller(IServiceProvider services)
    {
        var body = new MemoryStream();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "GET";
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        http.Request.Path = "/admin/outbox";
        http.Response.Body = body;
        var route = new RouteData();
        route.Values["controller"] = "Outbox";
        route.Values["action"] = "Index";
        var descriptor = new ControllerActionDescriptor { ControllerName = "Outbox", ActionName = "Index" };
        var controller = ActivatorUtilities.CreateInstance<OutboxController>(services);
        controller.ControllerContext = new ControllerContext(new ActionContext(http, route, descriptor));
        return (controller, body);
    }
}
