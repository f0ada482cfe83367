using System.Net;
using System.Net.Sockets;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace CourseHub.BrowserTests;

/// <summary>
/// The real site on a real Kestrel port with a copy of the repository's content, a mail pickup folder
/// and a clock that runs from the day the editions were planned, and one headless Chromium (Debian's)
/// for the test class. Each test gets a fresh browser context.
/// </summary>
public sealed class BrowserSite : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "coursehub-browser", Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl => $"http://localhost:{_port}";
    public string MailFolder => Path.Combine(_root, "mail");
    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string ArtefactFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    static BrowserSite()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public BrowserSite()
    {
        Directory.CreateDirectory(Path.Combine(_root, "content"));
        CopyDirectory(Path.Combine(RepositoryRoot, "content"), Path.Combine(_root, "content"));
        Directory.CreateDirectory(ArtefactFolder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CourseHub", $"Data Source={Path.Combine(_root, "coursehub.db")}");
        builder.UseSetting("Content:Path", Path.Combine(_root, "content"));
        builder.UseSetting("Site:DataPath", _root);
        builder.UseSetting("Site:PublicUrl", BaseUrl);
        builder.UseSetting("Mail:PollInterval", "00:00:00.200");
        builder.UseSetting("Security:AuthRequestsPerMinute", "10000");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new ShiftedClock(Start));
        });
    }

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        UseKestrel(_port);
        StartServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>What the browser refused to load or run under the site's content security policy, on any page opened here.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> PolicyViolations { get; } = new();

    /// <param name="timeZone">The zone the browser says it is in (an IANA name); the machine's otherwise.</param>
    public async Task<IPage> NewPageAsync(string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, TimezoneId = timeZone,
        });
        // The whole suite shares two cores: give pages time rather than fail on a slow moment.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) PolicyViolations.Enqueue($"{page.Url}: {message.Text}");
        };
        return page;
    }

    /// <summary>A fresh browser context signed in through the sign-in form.</summary>
    public async Task<IPage> SignInAsync(string email, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("a[href='/applications']")).ToBeVisibleAsync();
        return page;
    }

    public async Task CreateAccountAsync(string email, string password, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = email.Split('@')[0], Country = "CL",
            Institution = "Institute", Position = "Coordinator", PreferredLanguage = "en",
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRolesAsync(user, [Roles.Participant, .. roles]);
    }

    /// <summary>The site-relative confirmation link of the mail to this address in the pickup folder, once it is there.</summary>
    public async Task<string> ConfirmationLinkAsync(string email)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var file in Directory.Exists(MailFolder) ? Directory.EnumerateFiles(MailFolder, "*.eml") : [])
            {
                var message = await MimeKit.MimeMessage.LoadAsync(file);
                if (message.To.Mailboxes.Any(m => m.Address == email) && message.TextBody is { } text
                    && System.Text.RegularExpressions.Regex.Match(text, @"https?://[^\s/]+(?<path>/account/confirm-email[^\s]*)") is { Success: true } match)
                {
                    return match.Groups["path"].Value;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The confirmation mail to {email} did not reach the pickup folder.");
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtefactFolder, $"{name}.png"), FullPage = true });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CourseHub.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("CourseHub.sln not found above the test binaries.");
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, target, StringComparison.Ordinal));
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(source, target, StringComparison.Ordinal));
        }
    }

    /// <summary>Real time that flows, starting from a fixed day, so that dates in the content stay where the tests expect them.</summary>
    private sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly TimeSpan _shift = start - DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _shift;
    }
}
