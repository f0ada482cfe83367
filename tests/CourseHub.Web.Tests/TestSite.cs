using System.Collections.Concurrent;
using CourseHub.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CourseHub.Web.Tests;

/// <summary>
/// The real site over HTTP: its own SQLite file and content folder in a temporary directory, and a
/// clock the test controls. By default the content is a copy of the repository's <c>content/</c>.
/// </summary>
public sealed class TestSite : WebApplicationFactory<Program>
{
    /// <summary>"Now" for the tests: late November 2026, as on the day the editions were planned.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    private readonly string _root;
    private readonly bool _ownsRoot;
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);

    public FakeTimeProvider Clock { get; } = new(DefaultNow);

    /// <summary>Every error the site logged ("category: message"): a situation the site handles is not one.</summary>
    public ConcurrentQueue<string> LoggedErrors { get; } = new();
    public string ContentPath => Path.Combine(_root, "content");
    public string DatabasePath => Path.Combine(_root, "coursehub.db");

    static TestSite()
    {
        // Many sites start and stop during a run: none needs to watch its settings files (each watcher
        // takes one of the machine's few inotify instances).
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    /// <param name="withRepositoryContent">Start from a copy of the repository's content/.</param>
    /// <param name="sharedRoot">Run over the database and content of an earlier site (a restart); that site keeps the folder.</param>
    public TestSite(bool withRepositoryContent = true, string? sharedRoot = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _ownsRoot = sharedRoot is null;
        _root = sharedRoot ?? Path.Combine(Path.GetTempPath(), "coursehub-tests", Guid.NewGuid().ToString("N"));
        if (_ownsRoot)
        {
            Directory.CreateDirectory(ContentPath);
            if (withRepositoryContent) CopyDirectory(Path.Combine(RepositoryRoot, "content"), ContentPath);
        }
        // Tests sign in often from one address; the rate-limit test sets its own, lower limit.
        _settings["Security:AuthRequestsPerMinute"] = "10000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) _settings[key] = value;
        if (OnPostgreSql && !_settings.ContainsKey("Database:Provider"))
        {
            // A database per site folder, so that a restarted site (sharedRoot) finds the earlier one's data.
            _settings["Database:Provider"] = "PostgreSql";
            _settings["ConnectionStrings:CourseHub"] = Infrastructure.PostgreSqlServer.ForTheRun.Database(DatabaseName, create: _ownsRoot);
        }
        // The session cookie is Secure outside development, so the test client speaks https.
        ClientOptions.BaseAddress = new Uri("https://localhost");
    }

    public string Root => _root;

    /// <summary>
    /// COURSEHUB_TEST_DATABASE=PostgreSql runs every site of the suite on PostgreSQL (./test.sh does so in a
    /// second pass over this project), except the tests about SQLite itself, which ask for <see cref="Sqlite"/>.
    /// </summary>
    /// <summary>The site's PostgreSQL database when the suite runs on PostgreSQL: named after its folder.</summary>
    private string DatabaseName => "coursehub_" + Path.GetFileName(_root);

    public static bool OnPostgreSql { get; } = Environment.GetEnvironmentVariable("COURSEHUB_TEST_DATABASE") == "PostgreSql";

    /// <summary>Settings that keep a site on its SQLite file whatever database the suite runs on.</summary>
    public static IReadOnlyDictionary<string, string> Sqlite { get; } = new Dictionary<string, string> { ["Database:Provider"] = "Sqlite" };

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CourseHub", $"Data Source={DatabasePath}");
        builder.UseSetting("Content:Path", ContentPath);
        builder.UseSetting("Site:DataPath", _root);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturedLogs(LoggedErrors, LogLevel.Error, "", (category, _, message) => $"{category}: {message}")));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Tests run the minute passes themselves, at the moment the fake clock says: one the host started on
            // its own wall-clock minute, between a test's step and its check, would take the test's work.
            foreach (var pass in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                         && d.ImplementationType?.IsSubclassOf(typeof(CourseHub.Web.Infrastructure.Hosting.EveryMinute)) == true).ToList())
            {
                services.Remove(pass);
            }
        });
    }

    public async Task<T> WithDbAsync<T>(Func<CourseHubDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CourseHubDbContext>());
    }

    public async Task<Web.Infrastructure.ContentImport.ImportReport> ImportAgainAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<Web.Infrastructure.ContentImport.ContentImporter>();
        return await importer.ImportAsync(ContentPath);
    }

    public void WriteContent(string relativePath, string text)
    {
        var path = Path.Combine(ContentPath, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteCleanup();
            if (_ownsRoot && OnPostgreSql && _settings.GetValueOrDefault("Database:Provider") == "PostgreSql"
                && _settings.GetValueOrDefault("ConnectionStrings:CourseHub") is { } connectionString && connectionString.Contains(DatabaseName, StringComparison.Ordinal))
            {
                Infrastructure.PostgreSqlServer.ForTheRun.Drop(DatabaseName, connectionString);
            }
            if (_ownsRoot)
            {
                try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    private static void SqliteCleanup() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

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
}
