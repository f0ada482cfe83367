using System.Security.Claims;
using System.Security.Cryptography;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Infrastructure.Security;

/// <summary>
/// Keeps authentication tickets in the database and gives the browser only a random key. Removing the
/// row is what signing out means, so a copied cookie stops working, and every web node sharing the
/// database sees the same sessions.
/// </summary>
public sealed class DatabaseTicketStore(IServiceScopeFactory scopes, TimeProvider clock) : ITicketStore
{
    /// <summary>The session's own key, carried in the stored principal so that a request knows which session it is.</summary>
    public const string SessionClaim = "coursehub:session";

    // Read on every signed-in request: compiled once rather than looked up in EF's query cache each time.
    private static readonly CompiledQuery<Func<CourseHubDbContext, string, Task<UserSession?>>> FindSession = new(() =>
        EF.CompileAsyncQuery((CourseHubDbContext db, string key) => db.UserSessions.AsNoTracking().SingleOrDefault(s => s.Id == key)));

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        MarkSession(ticket, key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        db.UserSessions.Add(new UserSession
        {
            Id = key,
            UserId = UserId(ticket),
            Ticket = TicketSerializer.Default.Serialize(ticket),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            ExpiresUtc = ticket.Properties.ExpiresUtc?.UtcDateTime,
        });
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        MarkSession(ticket, key);
        var bytes = TicketSerializer.Default.Serialize(ticket);
        var expires = ticket.Properties.ExpiresUtc?.UtcDateTime;
        await db.UserSessions.Where(s => s.Id == key)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Ticket, bytes).SetProperty(s => s.ExpiresUtc, expires));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        var session = await FindSession.For(db)(db, key);
        if (session is null) return null;
        if (session.ExpiresUtc is { } expires && expires <= clock.GetUtcNow().UtcDateTime) return null;
        return TicketSerializer.Default.Deserialize(session.Ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    private static void MarkSession(AuthenticationTicket ticket, string key)
    {
        if (ticket.Principal.Identity is ClaimsIdentity identity && !identity.HasClaim(SessionClaim, key))
        {
            foreach (var old in identity.FindAll(SessionClaim).ToList()) identity.RemoveClaim(old);
            identity.AddClaim(new Claim(SessionClaim, key));
        }
    }

    private static string UserId(AuthenticationTicket ticket) =>
        ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("A session needs a signed-in user.");
}
