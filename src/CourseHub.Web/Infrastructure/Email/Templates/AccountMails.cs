namespace CourseHub.Web.Infrastructure.Email.Templates;

/// <summary>The mails about a person's account, in English, Spanish and Portuguese.</summary>
public sealed class AccountMails(MailLayout layout)
{
    public const string ConfirmEmailKind = "account.confirm-email";
    public const string ResetPasswordKind = "account.reset-password";
    public const string PasswordChangedKind = "account.password-changed";
    public const string AlreadyRegisteredKind = "account.already-registered";
    public const string TeachingKind = "account.teaching";

    public RenderedMail ConfirmEmail(string language, Addressee to, string confirmUrl) => language switch
    {
        "es" => layout.Compose("es", "Confirme su dirección de correo", MailLayout.Greeting("es", to),
            ["Gracias por registrarse. Para activar su cuenta, confirme que esta dirección de correo es suya."],
            ("Confirmar mi correo", confirmUrl),
            "Si usted no creó esta cuenta, puede ignorar este mensaje."),
        "pt" => layout.Compose("pt", "Confirme seu endereço de e-mail", MailLayout.Greeting("pt", to),
            ["Obrigado por se cadastrar. Para ativar sua conta, confirme que este endereço de e-mail é seu."],
            ("Confirmar meu e-mail", confirmUrl),
            "Se você não criou esta conta, pode ignorar esta mensagem."),
        _ => layout.Compose("en", "Confirm your email address", MailLayout.Greeting("en", to),
            ["Thank you for registering. To activate your account, please confirm that this email address is yours."],
            ("Confirm my email", confirmUrl),
            "If you did not create this account, you can ignore this message."),
    };

    public RenderedMail ResetPassword(string language, Addressee to, string resetUrl) => language switch
    {
        "es" => layout.Compose("es", "Restablezca su contraseña", MailLayout.Greeting("es", to),
            ["Recibimos una solicitud para restablecer la contraseña de su cuenta. El enlace es válido por un tiempo limitado."],
            ("Elegir una nueva contraseña", resetUrl),
            "Si usted no lo solicitó, ignore este mensaje: su contraseña no cambia."),
        "pt" => layout.Compose("pt", "Redefina sua senha", MailLayout.Greeting("pt", to),
            ["Recebemos uma solicitação para redefinir a senha da sua conta. O link é válido por tempo limitado."],
            ("Escolher uma nova senha", resetUrl),
            "Se você não fez esta solicitação, ignore esta mensagem: sua senha continua a mesma."),
        _ => layout.Compose("en", "Reset your password", MailLayout.Greeting("en", to),
            ["We received a request to reset the password of your account. The link is valid for a limited time."],
            ("Choose a new password", resetUrl),
            "If you did not ask for this, ignore this message: your password stays as it is."),
    };

    /// <summary>To the owner of an address someone tried to register again: the registration page itself does not say whose addresses have accounts.</summary>
    public RenderedMail AlreadyRegistered(string language, Addressee to, string signInUrl, string resetUrl) => language switch
    {
        "es" => layout.Compose("es", "Ya tiene una cuenta en CourseHub", MailLayout.Greeting("es", to),
            ["Alguien, quizás usted, intentó crear una cuenta nueva con esta dirección de correo. Ya tiene una: inicie sesión con ella.",
             $"Si olvidó su contraseña, puede elegir una nueva: {resetUrl}"],
            ("Iniciar sesión", signInUrl),
            "Si no fue usted, puede ignorar este mensaje: su cuenta no cambia."),
        "pt" => layout.Compose("pt", "Você já tem uma conta no CourseHub", MailLayout.Greeting("pt", to),
            ["Alguém, talvez você, tentou criar uma nova conta com este endereço de e-mail. Você já tem uma: entre com ela.",
             $"Se esqueceu sua senha, pode escolher uma nova: {resetUrl}"],
            ("Entrar", signInUrl),
            "Se não foi você, pode ignorar esta mensagem: sua conta continua igual."),
        _ => layout.Compose("en", "You already have a CourseHub account", MailLayout.Greeting("en", to),
            ["Someone, perhaps you, tried to create a new account with this email address. You already have one: sign in with it.",
             $"If you forgot your password, you can choose a new one: {resetUrl}"],
            ("Sign in", signInUrl),
            "If this was not you, you can ignore this message: your account stays as it is."),
    };

    /// <summary>To the owner of an address whose account was started but never confirmed, when it is registered again.</summary>
    public RenderedMail FinishRegistration(string language, Addressee to, string passwordUrl) => language switch
    {
        "es" => layout.Compose("es", "Termine de crear su cuenta en CourseHub", MailLayout.Greeting("es", to),
            ["Alguien, quizás usted, intentó registrar esta dirección de correo, que ya tiene una cuenta sin confirmar.",
             "Si la cuenta es suya, elija su contraseña con este enlace: también confirma la dirección."],
            ("Elegir mi contraseña", passwordUrl),
            "Si no fue usted, ignore este mensaje: sin este enlace nadie puede usar la cuenta."),
        "pt" => layout.Compose("pt", "Conclua a criação da sua conta no CourseHub", MailLayout.Greeting("pt", to),
            ["Alguém, talvez você, tentou cadastrar este endereço de e-mail, que já tem uma conta não confirmada.",
             "Se a conta é sua, escolha a senha com este link: ele também confirma o endereço."],
            ("Escolher minha senha", passwordUrl),
            "Se não foi você, ignore esta mensagem: sem este link ninguém pode usar a conta."),
        _ => layout.Compose("en", "Finish creating your CourseHub account", MailLayout.Greeting("en", to),
            ["Someone, perhaps you, tried to register this email address, which already has an account that was never confirmed.",
             "If the account is yours, choose its password with this link: it confirms the address too."],
            ("Choose my password", passwordUrl),
            "If this was not you, ignore this message: without this link nobody can use the account."),
    };

    /// <summary>What became of the person's calendar feed, a key to their sessions' join links, when the password changed.</summary>
    public enum Feed
    {
        /// <summary>They have none.</summary>
        None,
        /// <summary>A reset (taking the account back) turned it off: a new address is needed.</summary>
        TurnedOff,
        /// <summary>A change from the profile kept it: they may want a new address, if the old password was known.</summary>
        KeptOn,
    }

    /// <param name="changedUtc">When: one who did not change it learns since when someone else holds it.</param>
    /// <param name="timeZone">The person's own zone where they chose one (and it is known here); else the time is given in GMT.</param>
    /// <param name="feed">What became of the calendar feed.</param>
    public RenderedMail PasswordChanged(string language, Addressee to, DateTime changedUtc, string? timeZone, Feed feed = Feed.None)
    {
        var calendar = layout.Link("/account/calendar");
        // A zone the machine no longer knows (a profile from an older system) must not stop the mail of a change already made.
        var zone = Core.Sessions.ZonedTime.IsKnownZone(timeZone) ? timeZone! : "UTC";
        var when = Core.Sessions.ZonedTime.Format(changedUtc, Core.Sessions.ZonedTime.FindZone(zone), MailLanguage.Culture(language));
        var reset = layout.Link("/account/forgot-password");
        return language switch
        {
            "es" => layout.Compose("es", "Su contraseña fue cambiada", MailLayout.Greeting("es", to),
                [$"La contraseña de su cuenta se cambió el {when} y se cerraron las demás sesiones abiertas.",
                 .. feed switch
                 {
                     Feed.TurnedOff => [$"La dirección de su calendario de sesiones también se desactivó, por si alguien más la conocía: si se había suscrito, cree una nueva en {calendar}"],
                     Feed.KeptOn => [$"Si alguien más pudo conocer su contraseña anterior, dé también una nueva dirección a su calendario de sesiones: {calendar}"],
                     _ => Array.Empty<string>(),
                 },
                 "Si no fue usted, elija una nueva contraseña de inmediato: con este enlace le enviaremos a esta dirección uno para restablecerla."],
                ("Elegir una nueva contraseña", reset)),
            "pt" => layout.Compose("pt", "Sua senha foi alterada", MailLayout.Greeting("pt", to),
                [$"A senha da sua conta foi alterada em {when}, e suas outras sessões abertas foram encerradas.",
                 .. feed switch
                 {
                     Feed.TurnedOff => [$"O endereço do seu calendário de sessões também foi desativado, caso outra pessoa o conhecesse: se você tinha se inscrito, crie um novo em {calendar}"],
                     Feed.KeptOn => [$"Se outra pessoa pode ter conhecido sua senha anterior, dê também um novo endereço ao seu calendário de sessões: {calendar}"],
                     _ => Array.Empty<string>(),
                 },
                 "Se não foi você, escolha uma nova senha imediatamente: por este link enviaremos a este endereço um link para redefini-la."],
                ("Escolher uma nova senha", reset)),
            _ => layout.Compose("en", "Your password was changed", MailLayout.Greeting("en", to),
                [$"The password of your account was changed on {when}, and your other open sessions were signed out.",
                 .. feed switch
                 {
                     Feed.TurnedOff => [$"The address of your calendar feed was turned off too, in case someone else knew it: if you had subscribed, make a new one at {calendar}"],
                     Feed.KeptOn => [$"If someone else may have known your old password, also give your calendar feed a new address: {calendar}"],
                     _ => Array.Empty<string>(),
                 },
                 "If this was not you, choose a new password at once: through this link we will send this address a link to reset it."],
                ("Choose a new password", reset)),
        };
    }

    /// <summary>An admin made the person an instructor of a course: where to find it and what they can do there.</summary>
    public RenderedMail Teaching(string language, Addressee to, string course) => language switch
    {
        "es" => layout.Compose("es", $"Ahora es docente de «{course}»", MailLayout.Greeting("es", to),
            [$"El equipo del programa le asignó como docente de «{course}».",
             "En «Mis cursos» encontrará el curso con sus módulos, sesiones en vivo, lista de participantes y avisos."],
            ("Ir a mis cursos", layout.Link("/my-courses"))),
        "pt" => layout.Compose("pt", $"Agora você é docente de “{course}”", MailLayout.Greeting("pt", to),
            [$"A equipe do programa designou você como docente de “{course}”.",
             "Em “Meus cursos” você encontra o curso com seus módulos, sessões ao vivo, lista de participantes e avisos."],
            ("Ir para meus cursos", layout.Link("/my-courses"))),
        _ => layout.Compose("en", $"You now teach “{course}”", MailLayout.Greeting("en", to),
            [$"The programme team made you an instructor of “{course}”.",
             "Under “My courses” you will find it with its modules, live sessions, roster and announcements."],
            ("Go to my courses", layout.Link("/my-courses"))),
    };
}
