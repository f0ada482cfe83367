using CourseHub.Core.Sessions;

namespace CourseHub.Web.Infrastructure.Email.Templates;

/// <summary>The mails of the application and scholarship workflow, in English, Spanish and Portuguese.</summary>
public sealed class ApplicationMails(MailLayout layout)
{
    public const string ReceivedKind = "application.received";
    public const string EndorsementRequestKind = "application.endorsement-request";
    public const string EndorsementReminderKind = "application.endorsement-reminder";
    public const string EndorsementRecordedKind = "application.endorsement-recorded";
    public const string AcceptedKind = "application.accepted";
    public const string WaitlistedKind = "application.waitlisted";
    public const string RejectedKind = "application.rejected";
    public const string PromotedKind = "application.promoted";
    public const string WithdrawnKind = "application.withdrawn";
    public const string ScholarshipAwardedKind = "scholarship.awarded";
    public const string ScholarshipReminderKind = "scholarship.reminder";
    public const string ScholarshipAcceptedKind = "scholarship.accepted";
    public const string ScholarshipEndedKind = "scholarship.ended";
    public const string DatesChangedKind = "course.dates-changed";
    public const string LateNonEndorsementKind = "application.late-non-endorsement";

    private string MyApplications => layout.Link("/applications");

    /// <param name="scholarship">The application asks for a scholarship.</param>
    /// <param name="resultsOn">The day the course announces its selection, where it says.</param>
    /// <param name="supervisor">The supervisor just asked for their endorsement, where the course asks for one.</param>
    public RenderedMail Received(string language, Addressee to, string course, bool scholarship = false, DateOnly? resultsOn = null, string? supervisor = null)
    {
        var results = resultsOn?.ToString(language is "es" or "pt" ? "d 'de' MMMM 'de' yyyy" : "d MMMM yyyy", MailLanguage.Culture(language));
        return language switch
        {
            "es" => layout.Compose("es", $"Recibimos su postulación a «{course}»", MailLayout.Greeting("es", to),
                [scholarship ? $"Su postulación a «{course}» y su solicitud de beca fueron recibidas." : $"Su postulación a «{course}» fue recibida.",
                 .. supervisor is null ? Array.Empty<string>() : [$"Le escribimos a {supervisor} para pedirle su aval; le avisaremos cuando responda."],
                 results is null ? "Le escribiremos cuando haya una decisión." : $"Los resultados de la selección se darán a conocer el {results}; le escribiremos en cuanto haya una decisión.",
                 "Puede consultar el estado de su postulación, o retirarla en cualquier momento, desde «Mis postulaciones»."],
                ("Ver mis postulaciones", MyApplications)),
            "pt" => layout.Compose("pt", $"Recebemos sua candidatura a “{course}”", MailLayout.Greeting("pt", to),
                [scholarship ? $"Sua candidatura a “{course}” e seu pedido de bolsa foram recebidos." : $"Sua candidatura a “{course}” foi recebida.",
                 .. supervisor is null ? Array.Empty<string>() : [$"Escrevemos a {supervisor} para pedir o aval da sua chefia; avisaremos você quando houver resposta."],
                 results is null ? "Entraremos em contato com você quando houver uma decisão." : $"Os resultados da seleção serão divulgados em {results}; entraremos em contato com você assim que houver uma decisão.",
                 "Você pode acompanhar a situação dela, ou retirá-la a qualquer momento, em “Minhas candidaturas”."],
                ("Ver minhas candidaturas", MyApplications)),
            _ => layout.Compose("en", $"We received your application to “{course}”", MailLayout.Greeting("en", to),
                [scholarship ? $"Your application to “{course}” and your scholarship request have been received." : $"Your application to “{course}” has been received.",
                 .. supervisor is null ? Array.Empty<string>() : [$"We have written to {supervisor} to ask for their endorsement, and will tell you when they answer."],
                 results is null ? "We will write to you when a decision is made." : $"Selection results are announced on {results}; we will write to you as soon as a decision is made.",
                 "You can follow its state, or withdraw it at any time, from “My applications”."],
                ("See my applications", MyApplications)),
        };
    }

    /// <param name="place">The course's days and where it is held: what the supervisor weighs, the time away from work.</param>
    public RenderedMail EndorsementRequest(string language, string supervisorName, string applicant, string course, PlaceIn place, string url) => language switch
    {
        "es" => layout.Compose("es", $"{applicant} le pide su aval para «{course}»", MailLayout.Greeting("es", new Addressee(supervisorName)),
            [$"{applicant} postuló al curso «{course}» y le indicó como su superior.",
             .. AboutTheCourse(place, "es"),
             "Le pedimos que nos indique si avala esta postulación. No necesita una cuenta: el enlace es personal."],
            ("Responder a la solicitud", url)),
        "pt" => layout.Compose("pt", $"{applicant} solicita o seu aval para “{course}”", MailLayout.Greeting("pt", new Addressee(supervisorName)),
            [$"{applicant} candidatou-se ao curso “{course}” e indicou você como sua chefia imediata.",
             .. AboutTheCourse(place, "pt"),
             "Pedimos que nos informe se você dá o seu aval a esta candidatura. Você não precisa de uma conta: o link é pessoal."],
            ("Responder à solicitação", url)),
        _ => layout.Compose("en", $"{applicant} asks for your endorsement for “{course}”", MailLayout.Greeting("en", new Addressee(supervisorName)),
            [$"{applicant} has applied to the course “{course}” and named you as their supervisor.",
             .. AboutTheCourse(place, "en"),
             "Please tell us whether you endorse this application. You need no account: the link is personal to you."],
            ("Answer the request", url)),
    };

    /// <summary>The supervisor has not answered the request some days after it went out.</summary>
    public RenderedMail EndorsementReminder(string language, string supervisorName, string applicant, string course, PlaceIn place, string url) => language switch
    {
        "es" => layout.Compose("es", $"Recordatorio: {applicant} espera su aval para «{course}»", MailLayout.Greeting("es", new Addressee(supervisorName)),
            [$"Le escribimos nuevamente porque {applicant} postuló al curso «{course}» y le indicó como su superior, pero aún no hemos recibido su respuesta.",
             .. AboutTheCourse(place, "es"),
             "Le pedimos que nos indique si avala esta postulación: el enlace abre la solicitud, es personal y no requiere una cuenta."],
            ("Responder a la solicitud", url)),
        "pt" => layout.Compose("pt", $"Lembrete: {applicant} aguarda o seu aval para “{course}”", MailLayout.Greeting("pt", new Addressee(supervisorName)),
            [$"Escrevemos novamente porque {applicant} se candidatou ao curso “{course}” e indicou você como sua chefia imediata, mas ainda não recebemos a sua resposta.",
             .. AboutTheCourse(place, "pt"),
             "Pedimos que nos informe se você dá o seu aval a esta candidatura: o link abre a solicitação, é pessoal e não exige uma conta."],
            ("Responder à solicitação", url)),
        _ => layout.Compose("en", $"Reminder: {applicant} awaits your endorsement for “{course}”", MailLayout.Greeting("en", new Addressee(supervisorName)),
            [$"We are writing to you again because {applicant} has applied to the course “{course}” and named you as their supervisor, and we have not had your answer yet.",
             .. AboutTheCourse(place, "en"),
             "Please tell us whether you endorse this application: the link opens the request, is personal to you and needs no account."],
            ("Answer the request", url)),
    };

    /// <summary>For someone who has not seen the course: when it runs, where, and its page.</summary>
    private string[] AboutTheCourse(PlaceIn place, string language) =>
    [
        language switch
        {
            "es" => $"Fechas del curso: {Dates(place, "es")}.",
            "pt" => $"Datas do curso: {Dates(place, "pt")}.",
            _ => $"The course runs {Dates(place, "en")}.",
        },
        .. Schedule(place, language),
        .. place.Published
            ? [language switch
            {
                "es" => $"La página del curso lo describe: {layout.Link($"/courses/{place.Slug}")}",
                "pt" => $"A página do curso o descreve: {layout.Link($"/courses/{place.Slug}")}",
                _ => $"The course's page describes it: {layout.Link($"/courses/{place.Slug}")}",
            }]
            : Array.Empty<string>(),
    ];

    /// <param name="comment">What the supervisor wrote with their answer, if anything.</param>
    public RenderedMail EndorsementRecorded(string language, Addressee to, string course, string supervisor, bool endorsed, string? comment = null) => language switch
    {
        "es" => layout.Compose("es", endorsed ? $"Su superior avaló su postulación a «{course}»" : $"Su superior no avaló su postulación a «{course}»",
            MailLayout.Greeting("es", to),
            [endorsed ? $"{supervisor} avaló su postulación a «{course}»." : $"{supervisor} indicó que no avala su postulación a «{course}». Esto no cambia por sí solo su postulación; la coordinación del curso tendrá en cuenta esta respuesta.",
             .. Quoted(comment, $"Comentario de {supervisor}: «", "»")],
            ("Ver mis postulaciones", MyApplications)),
        "pt" => layout.Compose("pt", endorsed ? $"Sua chefia deu aval à sua candidatura a “{course}”" : $"Sua chefia não deu aval à sua candidatura a “{course}”",
            MailLayout.Greeting("pt", to),
            [endorsed ? $"{supervisor} deu aval à sua candidatura a “{course}”." : $"{supervisor} informou que não dá aval à sua candidatura a “{course}”. Isso não altera por si só a sua candidatura; a coordenação do curso levará essa resposta em conta.",
             .. Quoted(comment, $"Comentário de {supervisor}: “", "”")],
            ("Ver minhas candidaturas", MyApplications)),
        _ => layout.Compose("en", endorsed ? $"Your supervisor endorsed your application to “{course}”" : $"Your supervisor did not endorse your application to “{course}”",
            MailLayout.Greeting("en", to),
            [endorsed ? $"{supervisor} has endorsed your application to “{course}”." : $"{supervisor} has said they do not endorse your application to “{course}”. This does not by itself change your application; the course's coordinators will take the answer into account.",
             .. Quoted(comment, "Their comment: “", "”")],
            ("See my applications", MyApplications)),
    };

    /// <summary>
    /// To the programme's admins: a supervisor declined to endorse an application already decided on. Nothing changes
    /// by itself, and without this nobody who decides would hear of it.
    /// </summary>
    /// <param name="accepted">The application stands accepted; else it is on the waitlist.</param>
    public RenderedMail LateNonEndorsement(string language, Addressee to, string applicant, string course, string supervisor, bool accepted, string? comment, string url) => language switch
    {
        "es" => layout.Compose("es", $"Sin aval después de la decisión: {applicant}, «{course}»", MailLayout.Greeting("es", to),
            [$"{supervisor} respondió que no avala la postulación de {applicant} a «{course}», que ya estaba {(accepted ? "aceptada" : "en la lista de espera")}.",
             .. Quoted(comment, $"Comentario de {supervisor}: «", "»"),
             "Nada cambió por sí solo: la postulación sigue como estaba, hasta que alguien de la coordinación decida otra cosa."],
            ("Ver la postulación", url)),
        "pt" => layout.Compose("pt", $"Sem aval após a decisão: {applicant}, “{course}”", MailLayout.Greeting("pt", to),
            [$"{supervisor} respondeu que não dá aval à candidatura de {applicant} a “{course}”, que já estava {(accepted ? "aceita" : "na lista de espera")}.",
             .. Quoted(comment, $"Comentário de {supervisor}: “", "”"),
             "Nada mudou por si só: a candidatura continua como estava, até que a coordenação decida outra coisa."],
            ("Ver a candidatura", url)),
        _ => layout.Compose("en", $"Not endorsed after the decision: {applicant}, “{course}”", MailLayout.Greeting("en", to),
            [$"{supervisor} has answered that they do not endorse the application of {applicant} to “{course}”, which was already {(accepted ? "accepted" : "on the waitlist")}.",
             .. Quoted(comment, "Their comment: “", "”"),
             "Nothing changed by itself: the application stands as it was until the coordinators decide otherwise."],
            ("See the application", url)),
    };

    /// <summary>The course a place was given in: where to find it, when it runs and, phase by phase, where.</summary>
    public sealed record PlaceIn(string Slug, DateOnly StartsOn, DateOnly EndsOn)
    {
        /// <summary>The course's phases in order; none where the mail names only the days.</summary>
        public IReadOnlyList<PhaseDates> Phases { get; init; } = [];

        /// <summary>The course's page is there to link to; not while the course is taken off the catalogue.</summary>
        public bool Published { get; init; } = true;
    }

    /// <summary>
    /// Where the course is held, after its days: phase by phase where there are several, the venue of a single phase
    /// held in person; nothing for a course of one phase online.
    /// </summary>
    private static string[] Schedule(PlaceIn place, string language)
    {
        var culture = MailLanguage.Culture(language);
        var (heading, venue) = language switch { "es" => ("Por fase:", "Lugar"), "pt" => ("Por fase:", "Local"), _ => ("Phase by phase:", "Venue") };
        if (place.Phases.Count > 1)
        {
            return [string.Join('\n', place.Phases.Select(p => $"{p.Name}: {Features.Shared.Labels.DateRange(p.StartsOn, p.EndsOn, culture)}{Where(p, language)}").Prepend(heading))];
        }
        return place.Phases.SingleOrDefault()?.Venue is { } only ? [$"{venue}: {only}"] : [];
    }

    /// <summary>" — ECLAC, Santiago"; for a phase not online whose place is not given yet, how it is taught (" — hybrid").</summary>
    private static string Where(PhaseDates phase, string language) => (phase.Venue, phase.Modality) switch
    {
        ({ } venue, _) => $" — {venue}",
        (null, Core.Courses.Modality.Hybrid) => language switch { "es" or "pt" => " — híbrida", _ => " — hybrid" },
        (null, Core.Courses.Modality.InPerson) => language switch { "es" or "pt" => " — presencial", _ => " — in person" },
        _ => "",
    };

    private static string[] Note(string? note) => string.IsNullOrWhiteSpace(note) ? [] : [note.Trim()];

    /// <summary>What someone wrote, quoted after a lead that says whose it is; nothing when they wrote nothing.</summary>
    private static string[] Quoted(string? text, string lead, string close) =>
        string.IsNullOrWhiteSpace(text) ? [] : [$"{lead}{text.Trim()}{close}"];

    private string Dates(PlaceIn place, string language) =>
        Features.Shared.Labels.DateRange(place.StartsOn, place.EndsOn, MailLanguage.Culture(language));

    public RenderedMail Accepted(string language, Addressee to, string course, string? note, PlaceIn place) => language switch
    {
        "es" => layout.Compose("es", $"Su postulación a «{course}» fue aceptada", MailLayout.Greeting("es", to),
            [$"Nos complace informarle que su postulación a «{course}» fue aceptada. Fechas del curso: {Dates(place, "es")}.", .. Schedule(place, "es"), .. Note(note),
             "Recibirá las invitaciones de calendario de cada sesión en vivo y podrá leer los módulos en la página del curso a medida que se publiquen."],
            ("Ir al curso", layout.Link($"/courses/{place.Slug}"))),
        "pt" => layout.Compose("pt", $"Sua candidatura a “{course}” foi aceita", MailLayout.Greeting("pt", to),
            [$"Temos o prazer de informar que sua candidatura a “{course}” foi aceita. Datas do curso: {Dates(place, "pt")}.", .. Schedule(place, "pt"), .. Note(note),
             "Você receberá um convite de calendário para cada sessão ao vivo e poderá ler os módulos na página do curso à medida que forem publicados."],
            ("Ir para o curso", layout.Link($"/courses/{place.Slug}"))),
        _ => layout.Compose("en", $"You are accepted to “{course}”", MailLayout.Greeting("en", to),
            [$"We are pleased to tell you that your application to “{course}” has been accepted. The course runs {Dates(place, "en")}.", .. Schedule(place, "en"), .. Note(note),
             "You will receive a calendar invitation for every live session, and you can read the modules on the course's page as they are released."],
            ("Go to the course", layout.Link($"/courses/{place.Slug}"))),
    };

    public RenderedMail Waitlisted(string language, Addressee to, string course, string? note) => language switch
    {
        "es" => layout.Compose("es", $"Está en la lista de espera de «{course}»", MailLayout.Greeting("es", to),
            Paragraphs($"Su postulación a «{course}» quedó en lista de espera. Si se libera un cupo, se asigna según el orden de la lista y le avisaremos de inmediato. En «Mis postulaciones» verá su lugar en la lista.", note),
            ("Ver mis postulaciones", MyApplications)),
        "pt" => layout.Compose("pt", $"Você está na lista de espera de “{course}”", MailLayout.Greeting("pt", to),
            Paragraphs($"Sua candidatura a “{course}” está na lista de espera. Se uma vaga for liberada, ela será atribuída seguindo a ordem da lista de espera, e avisaremos você imediatamente. Em “Minhas candidaturas” você pode ver sua posição na lista.", note),
            ("Ver minhas candidaturas", MyApplications)),
        _ => layout.Compose("en", $"You are on the waitlist of “{course}”", MailLayout.Greeting("en", to),
            Paragraphs($"Your application to “{course}” is on the waitlist. If a seat frees up, it goes to the next person on the list, and we will tell you at once. “My applications” shows your place on the list.", note),
            ("See my applications", MyApplications)),
    };

    /// <param name="wasAccepted">The applicant had been told they were accepted: the mail says that this is withdrawn.</param>
    public RenderedMail Rejected(string language, Addressee to, string course, string? note, bool wasAccepted = false) => language switch
    {
        "es" => layout.Compose("es", $"Su postulación a «{course}»", MailLayout.Greeting("es", to),
            Paragraphs(wasAccepted
                ? $"Lamentamos informarle que la coordinación del curso retiró su aceptación en «{course}»: su postulación ya no está seleccionada en esta edición."
                : $"Lamentamos informarle que su postulación a «{course}» no fue seleccionada en esta edición.", note,
                "Le agradecemos su interés y le invitamos a postular a otros cursos del catálogo."),
            ("Ver el catálogo", layout.Link("/courses"))),
        "pt" => layout.Compose("pt", $"Sua candidatura a “{course}”", MailLayout.Greeting("pt", to),
            Paragraphs(wasAccepted
                ? $"Lamentamos informar que a coordenação do curso retirou a sua aceitação em “{course}”: sua candidatura não está mais selecionada para esta edição."
                : $"Lamentamos informar que sua candidatura a “{course}” não foi selecionada para esta edição.", note,
                "Agradecemos o seu interesse e convidamos você a candidatar-se a outros cursos do catálogo."),
            ("Ver o catálogo", layout.Link("/courses"))),
        _ => layout.Compose("en", $"Your application to “{course}”", MailLayout.Greeting("en", to),
            Paragraphs(wasAccepted
                ? $"We regret to tell you that the course's coordinators have withdrawn your acceptance to “{course}”: your application is no longer selected for this edition."
                : $"We regret to tell you that your application to “{course}” was not selected for this edition.", note,
                "Thank you for your interest; we invite you to apply to other courses of the catalogue."),
            ("See the catalogue", layout.Link("/courses"))),
    };

    public RenderedMail Promoted(string language, Addressee to, string course, PlaceIn place) => language switch
    {
        "es" => layout.Compose("es", $"Quedó un cupo disponible: su postulación a «{course}» fue aceptada", MailLayout.Greeting("es", to),
            [$"Quedó un cupo disponible en «{course}» y, como usted era la siguiente persona en la lista de espera, su postulación fue aceptada. Fechas del curso: {Dates(place, "es")}.",
             .. Schedule(place, "es"),
             $"Si ya no puede participar, retire su postulación en «Mis postulaciones» ({MyApplications}) para que el cupo pase a la siguiente persona."],
            ("Ir al curso", layout.Link($"/courses/{place.Slug}"))),
        "pt" => layout.Compose("pt", $"Uma vaga ficou disponível: sua candidatura a “{course}” foi aceita", MailLayout.Greeting("pt", to),
            [$"Uma vaga ficou disponível em “{course}” e, como você era a próxima pessoa da lista de espera, sua candidatura foi aceita. Datas do curso: {Dates(place, "pt")}.",
             .. Schedule(place, "pt"),
             $"Se você não puder mais participar, retire sua candidatura em “Minhas candidaturas” ({MyApplications}) para que a vaga passe para a próxima pessoa."],
            ("Ir para o curso", layout.Link($"/courses/{place.Slug}"))),
        _ => layout.Compose("en", $"A seat opened up: you are accepted to “{course}”", MailLayout.Greeting("en", to),
            [$"A seat has opened up in “{course}” and, as next on the waitlist, your application has been accepted. The course runs {Dates(place, "en")}.",
             .. Schedule(place, "en"),
             $"If you can no longer take part, please withdraw under “My applications” ({MyApplications}) so that the seat passes to the next person."],
            ("Go to the course", layout.Link($"/courses/{place.Slug}"))),
    };

    /// <summary>A phase of a course as a mail lists it: its name (in the course's language), its days and, in person, where.</summary>
    public sealed record PhaseDates(string Name, DateOnly StartsOn, DateOnly EndsOn, string? Venue, Core.Courses.Modality Modality = Core.Courses.Modality.Virtual);

    /// <summary>The course an accepted participant planned around moved: its new days, phase by phase, and the way out.</summary>
    /// <param name="before">The course's days as the participant was told them, named beside the new ones.</param>
    public RenderedMail DatesChanged(string language, Addressee to, string course, PlaceIn place, PlaceIn before) => language switch
    {
        "es" => layout.Compose("es", $"Nuevas fechas para «{course}»", MailLayout.Greeting("es", to),
            [$"Las fechas de «{course}» cambiaron. Conserva su cupo. Nuevas fechas del curso: {Dates(place, "es")} (antes: {Dates(before, "es")}).",
             .. Schedule(place, "es"),
             $"Si las nuevas fechas ya no le permiten participar, retire su postulación en «Mis postulaciones» ({MyApplications}) para que el cupo pase a la siguiente persona."],
            ("Ir al curso", layout.Link($"/courses/{place.Slug}"))),
        "pt" => layout.Compose("pt", $"Novas datas para “{course}”", MailLayout.Greeting("pt", to),
            [$"As datas de “{course}” mudaram. Sua vaga está garantida. Novas datas do curso: {Dates(place, "pt")} (antes: {Dates(before, "pt")}).",
             .. Schedule(place, "pt"),
             $"Se as novas datas não permitirem mais sua participação, retire sua candidatura em “Minhas candidaturas” ({MyApplications}) para que a vaga passe para a próxima pessoa."],
            ("Ir para o curso", layout.Link($"/courses/{place.Slug}"))),
        _ => layout.Compose("en", $"New dates for “{course}”", MailLayout.Greeting("en", to),
            [$"The dates of “{course}” have changed. Your seat is kept. The course now runs {Dates(place, "en")} (before: {Dates(before, "en")}).",
             .. Schedule(place, "en"),
             $"If the new dates no longer let you take part, please withdraw under “My applications” ({MyApplications}) so that the seat passes to the next person."],
            ("Go to the course", layout.Link($"/courses/{place.Slug}"))),
    };

    /// <param name="heldScholarship">A scholarship offered to or accepted by the person passes on with the seat.</param>
    public RenderedMail Withdrawn(string language, Addressee to, string course, bool heldScholarship = false) => language switch
    {
        "es" => layout.Compose("es", $"Retiró su postulación a «{course}»", MailLayout.Greeting("es", to),
            [$"Confirmamos que retiró su postulación a «{course}». Una postulación retirada no se puede reabrir; si tiene preguntas, responda a este correo.",
             .. heldScholarship ? ["Su beca para este curso pasa a la siguiente persona de la lista de reserva, si la hay."] : Array.Empty<string>()]),
        "pt" => layout.Compose("pt", $"Você retirou sua candidatura a “{course}”", MailLayout.Greeting("pt", to),
            [$"Confirmamos que você retirou sua candidatura a “{course}”. Uma candidatura retirada não pode ser reaberta; se tiver dúvidas, responda a este e-mail.",
             .. heldScholarship ? ["Sua bolsa para este curso passa para a próxima pessoa da lista de reserva, se houver."] : Array.Empty<string>()]),
        _ => layout.Compose("en", $"You withdrew your application to “{course}”", MailLayout.Greeting("en", to),
            [$"This confirms that you withdrew your application to “{course}”. A withdrawn application cannot be reopened; if you have questions, reply to this mail.",
             .. heldScholarship ? ["Your scholarship for this course passes to the next person on the reserve list, if there is one."] : Array.Empty<string>()]),
    };

    /// <param name="timeZone">The zone the deadline is written in: the recipient's own, else the course's.</param>
    /// <param name="covers">What the course's scholarships cover, where it says.</param>
    public RenderedMail ScholarshipAwarded(string language, Addressee to, string course, DateTime replyByUtc, string timeZone, string? covers = null) => language switch
    {
        // The subject says it is an offer with a day to answer by: one who reads only subjects must not miss it.
        "es" => layout.Compose("es", $"Oferta de beca para «{course}»: responda hasta el {DeadlineDay(replyByUtc, timeZone, "es")}", MailLayout.Greeting("es", to),
            [$"Nos complace ofrecerle una beca para «{course}».",
             .. Covers(covers, "Condiciones de la beca según el curso:", "«{0}»"),
             $"Acéptela o rechácela antes del {Deadline(replyByUtc, timeZone, "es")}; de lo contrario, pasará a la siguiente persona de la lista de reserva."],
            ("Responder a la oferta", MyApplications)),
        "pt" => layout.Compose("pt", $"Oferta de bolsa para “{course}”: responda até {DeadlineDay(replyByUtc, timeZone, "pt")}", MailLayout.Greeting("pt", to),
            [$"Temos o prazer de lhe oferecer uma bolsa para “{course}”.",
             .. Covers(covers, "O que o curso informa sobre as bolsas:", "“{0}”"),
             $"Aceite-a ou recuse-a antes de {Deadline(replyByUtc, timeZone, "pt")}; caso contrário, ela passará para a próxima pessoa da lista de reserva."],
            ("Responder à oferta", MyApplications)),
        _ => layout.Compose("en", $"A scholarship offer for “{course}”: please answer by {DeadlineDay(replyByUtc, timeZone, "en")}", MailLayout.Greeting("en", to),
            [$"We are pleased to offer you a scholarship for “{course}”.",
             .. Covers(covers, "What the course says of its scholarships:", "“{0}”"),
             $"Please accept or decline it before {Deadline(replyByUtc, timeZone, "en")}; otherwise it passes to the next person on the reserve list."],
            ("Answer the offer", MyApplications)),
    };

    /// <summary>
    /// The course's own words on what its scholarships cover, quoted: they are in the course's language, which may not
    /// be the mail's, and they are a sentence of their own, not the end of one of ours.
    /// </summary>
    private static string[] Covers(string? covers, string intro, string quoted) =>
        covers is null ? [] : [intro, string.Format(System.Globalization.CultureInfo.InvariantCulture, quoted, covers)];

    /// <summary>The recipient has not answered the offer and its deadline is near.</summary>
    public RenderedMail ScholarshipReminder(string language, Addressee to, string course, DateTime replyByUtc, string timeZone) => language switch
    {
        "es" => layout.Compose("es", $"Recordatorio: responda a la oferta de beca para «{course}»", MailLayout.Greeting("es", to),
            [$"Aún no ha respondido a la oferta de beca que le hicimos para «{course}».",
             $"Acéptela o rechácela antes del {Deadline(replyByUtc, timeZone, "es")}; de lo contrario, pasará a la siguiente persona de la lista de reserva."],
            ("Responder a la oferta", MyApplications)),
        "pt" => layout.Compose("pt", $"Lembrete: responda à oferta de bolsa para “{course}”", MailLayout.Greeting("pt", to),
            [$"Você ainda não respondeu à oferta de bolsa que lhe fizemos para “{course}”.",
             $"Aceite-a ou recuse-a antes de {Deadline(replyByUtc, timeZone, "pt")}; caso contrário, ela passará para a próxima pessoa da lista de reserva."],
            ("Responder à oferta", MyApplications)),
        _ => layout.Compose("en", $"Reminder: please answer the scholarship offer for “{course}”", MailLayout.Greeting("en", to),
            [$"You have not yet answered the scholarship offer we made you for “{course}”.",
             $"Please accept or decline it before {Deadline(replyByUtc, timeZone, "en")}; otherwise it passes to the next person on the reserve list."],
            ("Answer the offer", MyApplications)),
    };

    /// <param name="covers">What the course's scholarships cover, where it says.</param>
    public RenderedMail ScholarshipAccepted(string language, Addressee to, string course, string? covers = null) => language switch
    {
        "es" => layout.Compose("es", $"Beca confirmada para «{course}»", MailLayout.Greeting("es", to),
            [$"Confirmamos que aceptó la beca para «{course}».", .. Covers(covers, "Condiciones de la beca según el curso:", "«{0}»"),
             "El equipo del programa le escribirá sobre los próximos pasos."]),
        "pt" => layout.Compose("pt", $"Bolsa confirmada para “{course}”", MailLayout.Greeting("pt", to),
            [$"Confirmamos que você aceitou a bolsa para “{course}”.", .. Covers(covers, "O que o curso informa sobre as bolsas:", "“{0}”"),
             "A equipe do programa entrará em contato com você sobre os próximos passos."]),
        _ => layout.Compose("en", $"Scholarship confirmed for “{course}”", MailLayout.Greeting("en", to),
            [$"This confirms that you accepted the scholarship for “{course}”.", .. Covers(covers, "What the course says of its scholarships:", "“{0}”"),
             "The programme team will write to you about the next steps."]),
    };

    /// <summary>
    /// The award is over for this person: they declined it, gave it back, let the deadline pass, or no longer hold a place in the
    /// course. It is offered to the next on the reserve list only if there is one, so the mail does not say it went.
    /// </summary>
    public RenderedMail ScholarshipEnded(string language, Addressee to, string course, Core.Enrolments.ScholarshipState end) => (language, end) switch
    {
        ("es", Core.Enrolments.ScholarshipState.Declined) => layout.Compose("es", $"Rechazó la beca para «{course}»", MailLayout.Greeting("es", to),
            [$"Confirmamos que rechazó la beca para «{course}». Su cupo en el curso no cambia.",
             "La beca se ofrecerá a la siguiente persona de la lista de reserva, si la hay."]),
        ("es", Core.Enrolments.ScholarshipState.GivenBack) => layout.Compose("es", $"Devolvió la beca para «{course}»", MailLayout.Greeting("es", to),
            [$"Confirmamos que devolvió la beca para «{course}». Su cupo en el curso no cambia.",
             "La beca se ofrecerá a la siguiente persona de la lista de reserva, si la hay."]),
        ("es", Core.Enrolments.ScholarshipState.Lapsed) => layout.Compose("es", $"La oferta de beca para «{course}» venció", MailLayout.Greeting("es", to),
            [$"El plazo para aceptar la beca de «{course}» venció sin respuesta.",
             "La beca se ofrecerá a la siguiente persona de la lista de reserva, si la hay."]),
        ("es", _) => layout.Compose("es", $"Su beca para «{course}» terminó", MailLayout.Greeting("es", to),
            [$"La beca de «{course}» ya no está a su nombre, porque ya no tiene un cupo en el curso.",
             "La beca se ofrecerá a la siguiente persona de la lista de reserva, si la hay."]),
        ("pt", Core.Enrolments.ScholarshipState.Declined) => layout.Compose("pt", $"Você recusou a bolsa para “{course}”", MailLayout.Greeting("pt", to),
            [$"Confirmamos que você recusou a bolsa para “{course}”. Sua vaga no curso não muda.",
             "A bolsa será oferecida à próxima pessoa da lista de reserva, se houver."]),
        ("pt", Core.Enrolments.ScholarshipState.GivenBack) => layout.Compose("pt", $"Você devolveu a bolsa para “{course}”", MailLayout.Greeting("pt", to),
            [$"Confirmamos que você devolveu a bolsa para “{course}”. Sua vaga no curso não muda.",
             "A bolsa será oferecida à próxima pessoa da lista de reserva, se houver."]),
        ("pt", Core.Enrolments.ScholarshipState.Lapsed) => layout.Compose("pt", $"A oferta de bolsa para “{course}” expirou", MailLayout.Greeting("pt", to),
            [$"O prazo para aceitar a bolsa para “{course}” terminou sem resposta.",
             "A bolsa será oferecida à próxima pessoa da lista de reserva, se houver."]),
        ("pt", _) => layout.Compose("pt", $"Sua bolsa para “{course}” terminou", MailLayout.Greeting("pt", to),
            [$"A bolsa para “{course}” não está mais em seu nome, porque você não tem mais uma vaga no curso.",
             "A bolsa será oferecida à próxima pessoa da lista de reserva, se houver."]),
        (_, Core.Enrolments.ScholarshipState.Declined) => layout.Compose("en", $"You declined the scholarship for “{course}”", MailLayout.Greeting("en", to),
            [$"This confirms that you declined the scholarship for “{course}”. Your place in the course is unchanged.",
             "The scholarship is offered to the next person on the reserve list, if there is one."]),
        (_, Core.Enrolments.ScholarshipState.GivenBack) => layout.Compose("en", $"You gave back the scholarship for “{course}”", MailLayout.Greeting("en", to),
            [$"This confirms that you gave back the scholarship for “{course}”. Your place in the course is unchanged.",
             "The scholarship is offered to the next person on the reserve list, if there is one."]),
        (_, Core.Enrolments.ScholarshipState.Lapsed) => layout.Compose("en", $"The scholarship offer for “{course}” has lapsed", MailLayout.Greeting("en", to),
            [$"The deadline to accept the scholarship for “{course}” passed without an answer.",
             "The scholarship is offered to the next person on the reserve list, if there is one."]),
        _ => layout.Compose("en", $"Your scholarship for “{course}” has ended", MailLayout.Greeting("en", to),
            [$"The scholarship for “{course}” is no longer yours, as you no longer hold a place in the course.",
             "The scholarship is offered to the next person on the reserve list, if there is one."]),
    };

    private static string[] Paragraphs(string first, string? note, string? last = null)
    {
        var list = new List<string> { first };
        if (!string.IsNullOrWhiteSpace(note)) list.Add(note.Trim());
        if (last is not null) list.Add(last);
        return [.. list];
    }

    private static string When(DateTime utc, string timeZone, string language) =>
        ZonedTime.Format(utc, ZonedTime.FindZone(timeZone), MailLanguage.Culture(language));

    /// <summary>
    /// "4 Dec", "4 dic": the deadline's day, for a subject line, where it ends with the reader's day. A deadline at the end
    /// of the course's day falls within another day of a reader elsewhere, "5 Dec, 02:59": the day alone would promise
    /// them the whole of it, or (west of the course) hours more than they have.
    /// </summary>
    private static string DeadlineDay(DateTime utc, string timeZone, string language)
    {
        var local = ZonedTime.ToLocal(utc, ZonedTime.FindZone(timeZone));
        var culture = MailLanguage.Culture(language);
        var day = local.ToString("d MMM", culture).TrimEnd('.');
        return local.TimeOfDay >= new TimeSpan(23, 59, 0) ? day : $"{day}, {local.ToString("HH:mm", culture)}";
    }

    /// <summary>"Sat 28 Nov 2026, 09:11 (GMT-3, Santiago time)": a deadline names its zone, which may be the reader's or the course's.</summary>
    private string Deadline(DateTime utc, string timeZone, string language)
    {
        var zone = ZonedTime.FindZone(timeZone);
        var local = ZonedTime.ToLocal(utc, zone);
        var culture = MailLanguage.Culture(language);
        return $"{ZonedTime.FormatDate(local, culture)}, {local.ToString("HH:mm", culture)} ({ZonedTime.FormatOffset(ZonedTime.OffsetAt(utc, zone))}, {layout.ZoneName(timeZone, language)})";
    }
}
