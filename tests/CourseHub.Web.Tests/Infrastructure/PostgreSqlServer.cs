using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CourseHub.Web.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL cluster for the tests: initdb in a temporary folder, a server on a free port of
/// 127.0.0.1, one fresh database per site. The server programs come from the machine's PostgreSQL
/// install (./test.sh installs Debian's when they are missing); as root they run as the postgres user,
/// which the install creates, because PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "coursehub-postgres", Guid.NewGuid().ToString("N"));
    private int _port = FreePort();
    private string _bin = "";

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>A connection string to a new, empty database of its own.</summary>
    public string NewDatabase() => Database("coursehub_" + Guid.NewGuid().ToString("N"), create: true);

    /// <summary>A connection string to the database of that name, created first if asked.</summary>
    public string Database(string name, bool create)
    {
        if (create)
        {
            using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    /// <summary>Drops a site's database once the site is done with it, so that a run does not pile up hundreds.</summary>
    public void Drop(string name, string connectionString)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// One server for a whole run, started on first use and stopped when the test process ends: the one
    /// every site uses when the suite runs on PostgreSQL (see <see cref="TestSite"/>).
    /// </summary>
    public static PostgreSqlServer ForTheRun => Run.Value;

    private static readonly Lazy<PostgreSqlServer> Run = new(() =>
    {
        var server = new PostgreSqlServer();
        server.InitializeAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().GetAwaiter().GetResult();
        return server;
    });

    /// <summary>The settings that run a test site on a new database of this server.</summary>
    public Dictionary<string, string> SiteSettings(string? connectionString = null) => new(StringComparer.Ordinal)
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:CourseHub"] = connectionString ?? NewDatabase(),
    };

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Database={database};Username=postgres;Pooling=true;Maximum Pool Size=40;Connection Idle Lifetime=5;Connection Pruning Interval=2";

    public async Task InitializeAsync()
    {
        _bin = FindServerPrograms();
        RemoveAbandonedFolders();
        Directory.CreateDirectory(_folder);
        // Whose server this is: a later run stops it if this process ended without stopping it.
        await File.WriteAllTextAsync(Path.Combine(_folder, "owner"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (IsRoot) await RunAsync("chown", "-R", "postgres:postgres", _folder);
        // Speed over durability: these databases live for one test run.
        await RunAsServerAsync("initdb", "-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunAsServerAsync("pg_ctl", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o",
                    $"-p {_port} -c listen_addresses=127.0.0.1 -k {_folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000",
                    "start");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The free port found a moment ago may have been taken since by another socket of the run.
                _port = FreePort();
            }
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsServerAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            // The server's last processes may still be closing their files for a moment.
            for (var attempt = 1; attempt <= 10 && Directory.Exists(_folder); attempt++)
            {
                try { Directory.Delete(_folder, recursive: true); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Thread.Sleep(100); }
            }
        }
    }

    private static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Folders of earlier runs whose server is gone (a test process that was ended rather than let finish).</summary>
    private void RemoveAbandonedFolders()
    {
        var parent = Path.GetDirectoryName(_folder)!;
        if (!Directory.Exists(parent)) return;
        foreach (var folder in Directory.EnumerateDirectories(parent))
        {
            // A folder of a few minutes may be another server of this run on its way up.
            if (Directory.GetCreationTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10) || IsAlive(Path.Combine(folder, "owner"))) continue;
            if (IsAlive(Path.Combine(folder, "data", "postmaster.pid")))
            {
                // Its test process is gone and the server outlived it.
                var stop = new ProcessStartInfo(IsRoot ? "runuser" : Path.Combine(_bin, "pg_ctl"));
                if (IsRoot) foreach (var part in new[] { "-u", "postgres", "--", Path.Combine(_bin, "pg_ctl") }) stop.ArgumentList.Add(part);
                foreach (var part in new[] { "-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop" }) stop.ArgumentList.Add(part);
                Process.Start(stop)?.WaitForExit(30_000);
            }
            try { Directory.Delete(folder, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static string FindServerPrograms()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).ToList()
            : [];
        return versions.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL's server programs (initdb, pg_ctl) are not installed: run ./test.sh, which installs Debian's postgresql package.");
    }

    /// <summary>True when the file names, on its first line, a process that is running.</summary>
    private static bool IsAlive(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && Directory.Exists($"/proc/{pid}");

    private Task RunAsServerAsync(string program, params string[] arguments) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            : RunAsync(Path.Combine(_bin, program), arguments);

    private async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_folder, "server.log");
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors} {await output}"
                + (File.Exists(log) ? $"\nserver log:\n{await File.ReadAllTextAsync(log)}" : ""));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Test classes that share the one PostgreSQL server of the run (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServer>
{
    public const string Name = "PostgreSQL";
}
