using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace CourseHub.Benchmarks;

/// <summary>
/// Runs against a site already started in the Benchmark environment (benchmarks/run.sh starts it).
/// A: N signed-in applicants each POST one application to the real apply endpoint (antiforgery,
/// validation, one transaction with the application, its audit row and its outbox row, 303), eight at
/// a time. B: a raw Microsoft.Data.Sqlite loop on a fresh database file, WAL and synchronous=FULL like
/// the site, writing per transaction one application-like and one outbox-like row of the sizes A
/// stored, N times. Between them, "again": the same applicants POST once more, which the real endpoint
/// answers with a 303 to the stored application after every read and no write. Then the burst: 500 distinct applicants POST spread over 5 s while four loops GET
/// the catalogue.
/// </summary>
public static partial class ApplicationBenchmark
{
    private const double Target = 0.5;
    private const string Course = "from-digital-to-smart-government";
    private const string Password = "benchmark passphrase";   // BenchmarkBaselines.AccountPassword
    private static readonly int Concurrency = int.TryParse(Environment.GetEnvironmentVariable("BENCH_APPLY_CONCURRENCY"), out var c) && c > 0 ? c : 8;
    private static readonly TimeSpan MinimumWarmUp = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_WARMUP_SECONDS"), out var w) && w >= 0 ? w : 120);
    private const int SignInConcurrency = 3;
    private const int CatalogueLoops = 4;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex TokenPattern();

    /// <summary>One applicant: their own cookies and the antiforgery token of their apply page.</summary>
    private sealed class Applicant(string email)
    {
        public string Email { get; } = email;
        public CookieContainer Cookies { get; } = new();
        public string Token { get; set; } = "";
    }

    public static async Task<int> RunAsync(Uri site, int count, bool rounds, bool burst, int burstCount = 500, double burstSeconds = 5)
    {
        using var handler = new SocketsHttpHandler
        {
            // Cookies per applicant (below), one connection pool for all; redirects are results here.
            UseCookies = false, AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        };
        using var http = new HttpClient(handler) { BaseAddress = site, Timeout = TimeSpan.FromSeconds(100) };
        var applicantCount = Math.Max(rounds ? count : 0, burst ? burstCount : 0);

        Console.WriteLine($"Application benchmark against {site}: {count} applications per round, course {Course}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} core(s) available to this process, .NET {Environment.Version}");

        var created = await (await http.PostAsync($"/bench/applicants?count={applicantCount}", null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<CreatedApplicants>();
        await ResetAsync(http);
        var clock = Stopwatch.StartNew();
        var applicants = Enumerable.Range(1, applicantCount)
            .Select(i => new Applicant(string.Create(CultureInfo.InvariantCulture, $"bench-applicant-{i:D4}@coursehub.local"))).ToList();
        await ForEachAsync(applicants, SignInConcurrency, a => SignInAsync(http, a));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {applicants.Count} applicants ({created!.Created} new) signed in over HTTP and fetched their apply page in {clock.Elapsed.TotalSeconds:F1} s"));

        if (rounds) await RunRoundsAsync(http, applicants.Take(count).ToList());
        if (burst) await RunBurstAsync(http, applicants.Take(burstCount).ToList(), TimeSpan.FromSeconds(burstSeconds));
        return 0;
    }

    private sealed record CreatedApplicants(int Created, int Total);

    private sealed record Stats(int Applications, int Outbox, double ApplicationChars, double OutboxChars);

    /// <summary>A round of POSTs: rate, p99 latency, failures, and the site's CPU time per POST.</summary>
    private sealed record PostRound(double PerSecond, double P99Ms, int Failures, double CpuMs);

    private sealed record CpuTime(double Milliseconds);

    private static async Task RunRoundsAsync(HttpClient http, List<Applicant> applicants)
    {
        Console.WriteLine();
        Console.WriteLine($"== application POST vs raw SQLite transactions ({applicants.Count} applications, {Concurrency} at a time)");

        // Warm-up, not reported as a result. The site is measured as it runs for hours, with the JIT's
        // tiering finished: on one core the runtime keeps deferring the final optimisation while it still
        // compiles instrumented code, and the rate climbs for about two minutes (about 250 → 650 req/s
        // here). Rounds run for BENCH_WARMUP_SECONDS (120 unless set), then until three in a row agree
        // within 5 %, for at most two minutes more.
        var warmUp = new List<double>();
        var warming = Stopwatch.StartNew();
        Stats stats;
        while (true)
        {
            warmUp.Add((await PostAllAsync(http, applicants)).PerSecond);
            stats = await StatsAsync(http);
            await PostAllAsync(http, applicants);   // the repeat below (already applied) warms up too
            await ResetAsync(http);
            var last = warmUp.TakeLast(3).ToList();
            if ((warming.Elapsed >= MinimumWarmUp && last.Count == 3 && last.Min() >= 0.95 * last.Max()) || warming.Elapsed > MinimumWarmUp + TimeSpan.FromMinutes(2)) break;
        }
        await RawSqliteAsync(applicants.Count, (int)stats.ApplicationChars, (int)stats.OutboxChars);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   warm-up: {warmUp.Count} rounds of A in {warming.Elapsed.TotalSeconds:F0} s; req/s {warmUp[0]:F0} in the first, {string.Join(", ", warmUp.TakeLast(3).Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} in the last three"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   A stores per application ~{stats.ApplicationChars:F0} chars of answers and an outbox row of ~{stats.OutboxChars:F0} chars (subject, text, HTML); B writes rows of the same sizes"));

        // "again": the same applicants POST the same form once more. The real endpoint does every read of an
        // application (session, person, course, the one-per-person check) and answers 303 to the stored
        // application, but writes nothing: how close the POST could come to B if its transaction were free.
        Console.WriteLine($"   {"round",-6} {"A req/s",10} {"A p99",10} {"A CPU/POST",11} {"again req/s",12} {"again CPU",10} {"B tx/s",10} {"A/B",6} {"again/B",8}");
        var ratios = new List<double>();
        var againRatios = new List<double>();
        for (var round = 1; round <= 3; round++)
        {
            var a = await PostAllAsync(http, applicants);
            var saved = await StatsAsync(http);
            var again = await PostAllAsync(http, applicants);
            var savedAgain = await StatsAsync(http);
            await ResetAsync(http);
            if (a.Failures > 0 || saved.Applications != applicants.Count || saved.Outbox != applicants.Count)
            {
                throw new InvalidOperationException(
                    $"Round {round}: {a.Failures} POSTs did not answer 303 to /applications; {saved.Applications} applications and {saved.Outbox} outbox rows stored of {applicants.Count}.");
            }
            if (again.Failures > 0 || savedAgain != saved)
            {
                throw new InvalidOperationException(
                    $"Round {round}, again: {again.Failures} repeated POSTs did not answer 303 to /applications; {savedAgain.Applications} applications and {savedAgain.Outbox} outbox rows after them, {saved.Applications} and {saved.Outbox} before.");
            }
            var b = await RawSqliteAsync(applicants.Count, (int)stats.ApplicationChars, (int)stats.OutboxChars);
            ratios.Add(a.PerSecond / b);
            againRatios.Add(again.PerSecond / b);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {round,-6} {a.PerSecond,10:F0} {a.P99Ms,8:F1}ms {a.CpuMs,9:F2}ms {again.PerSecond,12:F0} {again.CpuMs,8:F2}ms {b,10:F0} {a.PerSecond / b,6:F2} {again.PerSecond / b,8:F2}"));
        }
        ratios.Sort();
        againRatios.Sort();
        var median = ratios[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   median A/B = {median:F2} (target >= {Target:F1}: {(median >= Target ? "meets" : "BELOW")}); median again/B = {againRatios[1]:F2}"));
    }

    private static async Task RunBurstAsync(HttpClient http, List<Applicant> applicants, TimeSpan spread)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"== application burst: {applicants.Count} distinct applicants POST within {spread.TotalSeconds:F0} s while {CatalogueLoops} loops GET /courses"));
        await ResetAsync(http);

        var postLatencies = new double[applicants.Count];
        var postErrors = 0;
        var getLatencies = new List<double>[CatalogueLoops];
        var getErrors = 0;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, CatalogueLoops).Select(loop => Task.Run(async () =>
        {
            var latencies = getLatencies[loop] = new List<double>(100_000);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync("/courses", HttpCompletionOption.ResponseContentRead);
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref getErrors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref getErrors);
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToList();

        await Task.Delay(500);   // the catalogue loops are running before the first application
        var clock = Stopwatch.StartNew();
        var posts = new List<Task>(applicants.Count);
        for (var i = 0; i < applicants.Count; i++)
        {
            var due = spread * i / applicants.Count;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var index = i;
            posts.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await PostOneAsync(http, applicants[index]);
                postLatencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!ok) Interlocked.Increment(ref postErrors);
            }));
        }
        var fired = clock.Elapsed;
        await Task.WhenAll(posts);
        var done = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var saved = await StatsAsync(http);
        var gets = getLatencies.SelectMany(l => l).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   saved {saved.Applications} of {applicants.Count} (outbox rows {saved.Outbox}); errors: {postErrors} POSTs not 303, {getErrors} GETs not 200"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   POSTs fired over {fired.TotalSeconds:F2} s, last answered at {done.TotalSeconds:F2} s; POST p99 {Percentile(postLatencies, 0.99):F1}ms (median {Percentile(postLatencies, 0.5):F1}ms, max {postLatencies.Max():F1}ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {gets.Count} catalogue GETs meanwhile ({gets.Count / done.TotalSeconds:F0}/s); GET p99 {Percentile(gets, 0.99):F1}ms (median {Percentile(gets, 0.5):F1}ms)"));
        var verdict = saved.Applications == applicants.Count && postErrors == 0 && getErrors == 0;
        Console.WriteLine($"   burst: {(verdict ? "meets" : "BELOW")} (target: {applicants.Count} saved, 0 errors)");
        await ResetAsync(http);
    }

    /// <summary>Every applicant POSTs once, <see cref="Concurrency"/> at a time.</summary>
    private static async Task<PostRound> PostAllAsync(HttpClient http, List<Applicant> applicants)
    {
        var latencies = new double[applicants.Count];
        var failures = 0;
        Collect();
        var cpuBefore = await ServerCpuAsync(http);
        var clock = Stopwatch.StartNew();
        await ForEachAsync(Enumerable.Range(0, applicants.Count).ToList(), Concurrency, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            if (!await PostOneAsync(http, applicants[i])) Interlocked.Increment(ref failures);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        var elapsed = clock.Elapsed;
        var cpu = await ServerCpuAsync(http) - cpuBefore;
        return new PostRound(applicants.Count / elapsed.TotalSeconds, Percentile(latencies, 0.99), failures, cpu / applicants.Count);
    }

    private static async Task<double> ServerCpuAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<CpuTime>("/bench/cpu"))!.Milliseconds;

    /// <summary>One application as the form sends it; true when the site answers 303 to /applications.</summary>
    private static async Task<bool> PostOneAsync(HttpClient http, Applicant applicant)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/courses/{Course}/apply")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Motivation"] = Motivation,
                    ["RelationToWork"] = RelationToWork,
                    ["TravelNeeds"] = "",
                    ["SupervisorName"] = "",
                    ["SupervisorEmail"] = "",
                    ["RequestScholarship"] = "false",
                    ["ScholarshipStatement"] = "",
                    ["DepartureCity"] = "",
                    ["NeedsLodging"] = "false",
                    ["__RequestVerificationToken"] = applicant.Token,
                }),
            };
            using var response = await SendAsync(http, applicant, request);
            return response.StatusCode == HttpStatusCode.SeeOther
                && response.Headers.Location?.OriginalString.StartsWith("/applications", StringComparison.Ordinal) == true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task SignInAsync(HttpClient http, Applicant applicant)
    {
        var token = await TokenAsync(http, applicant, "/account/sign-in");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = applicant.Email, ["Password"] = Password, ["__RequestVerificationToken"] = token,
            }),
        };
        using (var response = await SendAsync(http, applicant, request))
        {
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Signing in {applicant.Email} answered {(int)response.StatusCode}, not 302.");
            }
        }
        // The apply form's token is bound to the signed-in person; one serves all their POSTs.
        applicant.Token = await TokenAsync(http, applicant, $"/courses/{Course}/apply");
    }

    private static async Task<string> TokenAsync(HttpClient http, Applicant applicant, string path)
    {
        using var response = await SendAsync(http, applicant, new HttpRequestMessage(HttpMethod.Get, path));
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        if (response.StatusCode != HttpStatusCode.OK || !match.Success)
        {
            throw new InvalidOperationException($"GET {path} for {applicant.Email} answered {(int)response.StatusCode} without a form token.");
        }
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>
    /// Sends with the applicant's cookies. The site marks its session cookie Secure, as in production,
    /// and the harness talks plain HTTP on 127.0.0.1: cookies are filed under the https:// form of the
    /// same address, so the container hands them back.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Applicant applicant, HttpRequestMessage request)
    {
        var jar = new UriBuilder(new Uri(http.BaseAddress!, request.RequestUri!)) { Scheme = "https", Port = http.BaseAddress!.Port }.Uri;
        var cookies = applicant.Cookies.GetCookieHeader(jar);
        if (cookies.Length > 0) request.Headers.Add("Cookie", cookies);
        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies) applicant.Cookies.SetCookies(jar, setCookie);
        }
        return response;
    }

    private static async Task ResetAsync(HttpClient http) =>
        (await http.PostAsync($"/bench/applications/reset?course={Course}", null)).EnsureSuccessStatusCode().Dispose();

    private static async Task<Stats> StatsAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<Stats>($"/bench/applications/stats?course={Course}"))!;

    /// <summary>
    /// B: per transaction one application-like row and one outbox-like row (keyed by the application's
    /// id, under unique indexes like the site's), on one connection to a fresh WAL database with
    /// synchronous=FULL. Returns transactions per second.
    /// </summary>
    private static async Task<double> RawSqliteAsync(int count, int applicationChars, int outboxChars)
    {
        var work = Path.Combine(Path.GetTempPath(), "coursehub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(work, "raw.db")}");
            await connection.OpenAsync();
            await using (var setup = connection.CreateCommand())
            {
                setup.CommandText = """
                    PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
                    CREATE TABLE applications (id INTEGER PRIMARY KEY AUTOINCREMENT, course_id INTEGER NOT NULL, user_id TEXT NOT NULL,
                        state TEXT NOT NULL, motivation TEXT NOT NULL, relation_to_work TEXT NOT NULL, submitted_utc TEXT NOT NULL, country TEXT NOT NULL);
                    CREATE UNIQUE INDEX ix_applications_course_user ON applications (course_id, user_id);
                    CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, idempotency_key TEXT NOT NULL, to_address TEXT NOT NULL,
                        to_name TEXT, subject TEXT NOT NULL, text_body TEXT NOT NULL, html_body TEXT NOT NULL, status TEXT NOT NULL,
                        created_utc TEXT NOT NULL, next_attempt_utc TEXT NOT NULL);
                    CREATE UNIQUE INDEX ix_outbox_key ON outbox (idempotency_key);
                    """;
                await setup.ExecuteNonQueryAsync();
            }
            var answers = Text(Math.Max(applicationChars, 2), "motivation ");
            var (motivation, relation) = (answers[..(answers.Length / 2)], answers[(answers.Length / 2)..]);
            var mail = Text(Math.Max(outboxChars, 3), "your application was received ");
            var (subject, text, html) = (mail[..Math.Min(60, mail.Length / 3)], mail[Math.Min(60, mail.Length / 3)..(mail.Length / 2)], mail[(mail.Length / 2)..]);

            await using var insertApplication = connection.CreateCommand();
            insertApplication.CommandText = """
                INSERT INTO applications (course_id, user_id, state, motivation, relation_to_work, submitted_utc, country)
                VALUES (1, $user, 'Submitted', $motivation, $relation, $now, 'CL') RETURNING id
                """;
            var user = insertApplication.Parameters.Add("$user", SqliteType.Text);
            insertApplication.Parameters.AddWithValue("$motivation", motivation);
            insertApplication.Parameters.AddWithValue("$relation", relation);
            var appNow = insertApplication.Parameters.Add("$now", SqliteType.Text);
            await using var insertOutbox = connection.CreateCommand();
            insertOutbox.CommandText = """
                INSERT INTO outbox (kind, idempotency_key, to_address, to_name, subject, text_body, html_body, status, created_utc, next_attempt_utc)
                VALUES ('application.received', $key, $to, $name, $subject, $text, $html, 'Queued', $now, $now)
                """;
            var key = insertOutbox.Parameters.Add("$key", SqliteType.Text);
            var to = insertOutbox.Parameters.Add("$to", SqliteType.Text);
            var name = insertOutbox.Parameters.Add("$name", SqliteType.Text);
            insertOutbox.Parameters.AddWithValue("$subject", subject);
            insertOutbox.Parameters.AddWithValue("$text", text);
            insertOutbox.Parameters.AddWithValue("$html", html);
            var mailNow = insertOutbox.Parameters.Add("$now", SqliteType.Text);

            Collect();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                insertApplication.Transaction = transaction;
                insertOutbox.Transaction = transaction;
                var now = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                user.Value = Guid.NewGuid().ToString();
                appNow.Value = now;
                var id = (long)(await insertApplication.ExecuteScalarAsync())!;
                key.Value = string.Create(CultureInfo.InvariantCulture, $"application.received:{id}");
                to.Value = string.Create(CultureInfo.InvariantCulture, $"bench-applicant-{i:D4}@coursehub.local");
                name.Value = string.Create(CultureInfo.InvariantCulture, $"Applicant {i}");
                mailNow.Value = now;
                await insertOutbox.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
            return count / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static readonly string Motivation = Text(1200, "I lead the digital services unit of a ministry and want to learn how data can improve them. ");
    private static readonly string RelationToWork = Text(800, "My team builds online procedures and the interoperability layer between agencies. ");

    private static string Text(int length, string phrase)
    {
        var text = new StringBuilder(length + phrase.Length);
        while (text.Length < length) text.Append(phrase);
        return text.ToString(0, length);
    }

    private static async Task ForEachAsync<T>(IReadOnlyList<T> items, int concurrency, Func<T, Task> body)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Count) await body(items[i]);
        })));
    }

    private static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Each timed phase starts on a clean heap, so neither pays for the other's garbage.</summary>
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
