using System.Globalization;
using System.Security.Claims;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Localization;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CourseHub.Web.Features.Account;

[Route("account")]
public sealed class AccountController(
    AccountService accounts,
    Unsubscribe.UnsubscribeHandler announcements,
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("register")]
    [AllowAnonymous]
    // The language the visitor is reading in is the likeliest answer; they can still choose another.
    public IActionResult Register(string? returnUrl) => View(new RegisterForm
    {
        PreferredLanguage = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
        ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null,
    });

    [HttpPost("register")]
    [AllowAnonymous]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> Register(RegisterForm form, CancellationToken cancellationToken)
    {
        form = form with { ReturnUrl = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : null };
        if (!ModelState.IsValid) return View(form);
        var result = await accounts.RegisterAsync(form, cancellationToken);
        if (!result.Succeeded)
        {
            AddErrors(result, nameof(RegisterForm.Password));
            return View(form);
        }
        return RedirectToAction(nameof(CheckEmail), new { email = form.Email, returnUrl = form.ReturnUrl });
    }

    [HttpGet("check-email")]
    [AllowAnonymous]
    public IActionResult CheckEmail(string? email, string? returnUrl) =>
        View(new EmailForm { Email = email ?? "", ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null });

    [HttpPost("resend-confirmation")]
    [AllowAnonymous]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> ResendConfirmation(EmailForm form, CancellationToken cancellationToken)
    {
        form = form with { ReturnUrl = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : null };
        if (!ModelState.IsValid) return View(nameof(CheckEmail), form);
        await accounts.ResendConfirmationAsync(form.Email, form.ReturnUrl, cancellationToken);
        TempData["Notice"] = T["If that address has an account waiting for confirmation, a new link is on its way."].Value;
        return RedirectToAction(nameof(CheckEmail), new { email = form.Email, returnUrl = form.ReturnUrl });
    }

    [HttpGet("confirm-email")]
    [AllowAnonymous]
    public async Task<IActionResult> ConfirmEmail(string? userId, string? token, string? returnUrl)
    {
        var confirmed = userId is not null && token is not null && await accounts.ConfirmEmailAsync(userId, token);
        // The link came in a mail in the person's language (?lang=): signing in goes on in it, and on to the page
        // that sent them to register (the course they meant to apply to), also through a new link.
        var next = Url.IsLocalUrl(returnUrl) ? returnUrl : null;
        if (!confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Message", new AccountMessageViewModel(T["This link does not work"],
                T["The confirmation link is not valid or has expired. Ask for a new one below the sign-in form."],
                T["Send me a new link"], Url.Action(nameof(CheckEmail), new { returnUrl = next })));
        }
        return View("Message", new AccountMessageViewModel(T["Your email address is confirmed"],
            next is null ? T["Thank you. You can now sign in."] : T["Thank you. Sign in to go on where you left off."],
            T["Sign in"], Url.Action(nameof(SignIn), new { lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, returnUrl = next })));
    }

    [HttpGet("sign-in")]
    [AllowAnonymous]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    private IActionResult AlreadySignedIn() => View("Message", new AccountMessageViewModel(
        T["You are already signed in"],
        T["You are signed in as {0}. To use another account, sign out first.", User.Identity?.Name ?? ""],
        T["Go to your profile"], "/account/profile"));

    [HttpPost("sign-in")]
    [AllowAnonymous]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        // Signing in always starts a fresh session (a new key), never upgrades one a browser already holds.
        if (User.Identity?.IsAuthenticated == true) return AlreadySignedIn();
        if (!ModelState.IsValid) return View(form);
        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is null)
        {
            // As long as checking a password takes: the answer's time must not tell which addresses have accounts.
            users.PasswordHasher.HashPassword(new ApplicationUser(), form.Password);
            return Refused(form);
        }
        // Identity answers an account locked already without checking the password: timed apart below.
        var lockedBefore = await users.IsLockedOutAsync(user);
        // Failed attempts count toward lockout: that is what makes guessing passwords slow.
        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.LocalOr(form.ReturnUrl, "/"));
        }
        if (result.IsNotAllowed && await users.CheckPasswordAsync(user, form.Password))
        {
            // Identity refuses an unconfirmed account before it checks the password: said only to who knows it.
            ModelState.AddModelError("", T["Please confirm your email address first: follow the link we sent you, or ask for a new one."]);
            ViewData["OfferResend"] = true;
            return View(form);
        }
        // A locked account is answered as a wrong password is, and in as long: naming the lock would tell whoever
        // typed five wrong passwords that the address has an account (and saying it only to the right password
        // would let guesses go on, uncounted, while it lasts). The page says what locks an account and the way back.
        if (lockedBefore) users.PasswordHasher.HashPassword(new ApplicationUser(), form.Password);
        return Refused(form);
    }

    private ViewResult Refused(SignInForm form)
    {
        ModelState.AddModelError("", T["The email or the password is not correct."]);
        ViewData["Refused"] = true;
        return View(form);
    }

    /// <summary>A typed or bookmarked sign-out address asks with a button (signing out takes a form, so no link can do it for someone).</summary>
    [HttpGet("sign-out")]
    [AllowAnonymous]
    public IActionResult SignOutPage() => User.Identity?.IsAuthenticated == true ? View("SignOut") : LocalRedirect("/");

    [HttpPost("sign-out")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> SignOutNow()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }

    [HttpGet("forgot-password")]
    [AllowAnonymous]
    public IActionResult ForgotPassword(string? returnUrl) => View(new EmailForm { ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null });

    [HttpPost("forgot-password")]
    [AllowAnonymous]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> ForgotPassword(EmailForm form, CancellationToken cancellationToken)
    {
        form = form with { ReturnUrl = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : null };
        if (!ModelState.IsValid) return View(form);
        await accounts.RequestPasswordResetAsync(form.Email, form.ReturnUrl, cancellationToken);
        return View("Message", new AccountMessageViewModel(T["Check your email"],
            T["If {0} has a confirmed account, we have sent it a link to choose a new password.", form.Email]));
    }

    [HttpGet("reset-password")]
    [AllowAnonymous]
    public IActionResult ResetPassword(string? userId, string? token, string? returnUrl) =>
        userId is null || token is null
            ? BadRequest()
            : View(new ResetPasswordForm { UserId = userId, Token = token, ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null });

    [HttpPost("reset-password")]
    [AllowAnonymous]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> ResetPassword(ResetPasswordForm form)
    {
        if (!ModelState.IsValid) return View(form);
        var result = await accounts.ResetPasswordAsync(form);
        if (!result.Succeeded)
        {
            AddErrors(result, nameof(ResetPasswordForm.Password));
            return View(form);
        }
        // Only who holds the mailed link reaches this answer: it may say that the account is locked.
        var lockedByAdmin = Users.UserAdministration.IsLockedByAdmin((await users.FindByIdAsync(form.UserId))?.LockoutEnd);
        return lockedByAdmin
            ? View("Message", new AccountMessageViewModel(T["Your password was changed"],
                T["This account has been locked by the programme's administrators, though: it cannot sign in until they unlock it. Please write to them if you think this is a mistake."]))
            : View("Message", new AccountMessageViewModel(T["Your password was changed"],
                T["You can now sign in with your new password."], T["Sign in"],
                Url.Action(nameof(SignIn), new { returnUrl = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : null })));
    }

    [HttpGet("access-denied")]
    [AllowAnonymous]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Message", new AccountMessageViewModel(T["Not allowed"],
            T["Your account does not give access to this page. If you think it should, contact the programme coordinators."]));
    }

    [HttpGet("profile")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> Profile(CancellationToken cancellationToken)
    {
        var user = await CurrentUserAsync();
        return await ProfileViewAsync(user, new ProfileForm
        {
            FullName = user.FullName, Country = user.Country, Institution = user.Institution, Position = user.Position,
            GovernmentLevel = user.GovernmentLevel, Gender = user.Gender, PreferredLanguage = user.PreferredLanguage,
            TimeZone = user.TimeZone,
        }, cancellationToken);
    }

    [HttpPost("profile")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> Profile(ProfileForm form, CancellationToken cancellationToken)
    {
        var user = await CurrentUserAsync();
        if (!ModelState.IsValid) return await ProfileViewAsync(user, form, cancellationToken);
        var result = await accounts.UpdateProfileAsync(user, form);
        if (!result.Succeeded)
        {
            AddErrors(result, "");
            return await ProfileViewAsync(user, form, cancellationToken);
        }
        // The language saved here is the one the person wants now, whatever the header or a link chose before,
        // and the one this very notice is written in.
        if (LocalizationExtensions.Cultures.FirstOrDefault(c => c.Name == form.PreferredLanguage) is { } chosen)
        {
            LocalizationExtensions.Remember(Response, chosen.Name);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = chosen;
        }
        TempData["Notice"] = T["Your profile was saved."].Value;
        return RedirectToAction(nameof(Profile));
    }

    /// <summary>Turns announcement emails off or back on: the same as the link in every announcement, and its undoing.</summary>
    [HttpPost("announcements")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> Announcements(bool receive, CancellationToken cancellationToken)
    {
        var email = (await CurrentUserAsync()).Email!;
        if (receive) await announcements.ResubscribeAsync(email, cancellationToken);
        else await announcements.RunAsync(email, cancellationToken);
        TempData["Notice"] = (receive ? T["Announcement emails are on."] : T["Announcement emails are off."]).Value;
        return RedirectToAction(nameof(Profile));
    }

    // The profile's page shows whether announcements reach the person, beside the form.
    private async Task<IActionResult> ProfileViewAsync(ApplicationUser user, ProfileForm form, CancellationToken cancellationToken) =>
        View(nameof(Profile), form with { AnnouncementsOff = await announcements.IsUnsubscribedAsync(user.Email!, cancellationToken) });

    [HttpGet("change-password")]
    [Authorize(Policy = Policies.SignedIn)]
    public IActionResult ChangePassword() => View(new ChangePasswordForm());

    [HttpPost("change-password")]
    [Authorize(Policy = Policies.SignedIn)]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return View(form);
        var session = User.FindFirst(DatabaseTicketStore.SessionClaim)?.Value;
        var result = await accounts.ChangePasswordAsync(await CurrentUserAsync(), session, form, cancellationToken);
        if (!result.Succeeded)
        {
            AddErrors(result, nameof(ChangePasswordForm.NewPassword));
            return View(form);
        }
        TempData["Notice"] = T["Your password was changed. Every other session was signed out."].Value;
        return RedirectToAction(nameof(Profile));
    }

    [HttpGet("privacy")]
    [Authorize(Policy = Policies.SignedIn)]
    public IActionResult Privacy() => View(new DeleteAccountForm());

    [HttpGet("my-data")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> MyData(CancellationToken cancellationToken)
    {
        var bytes = await accounts.ExportAsync(await CurrentUserAsync(), cancellationToken);
        // Personal data: not kept by the browser's cache (a shared computer) or any cache on the way.
        Response.Headers.CacheControl = "no-store";
        return File(bytes, "application/json", "coursehub-my-data.json");
    }

    [HttpPost("delete")]
    [Authorize(Policy = Policies.SignedIn)]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> Delete(DeleteAccountForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return View(nameof(Privacy), form);
        var result = await accounts.DeleteAsync(await CurrentUserAsync(), form.Password, cancellationToken);
        if (!result.Succeeded)
        {
            AddErrors(result, nameof(DeleteAccountForm.Password));
            return View(nameof(Privacy), form);
        }
        await signIn.SignOutAsync();
        // The page that says so is the first the person sees signed out: its header must not name them any more.
        HttpContext.User = new ClaimsPrincipal(new ClaimsIdentity());
        return View("Message", new AccountMessageViewModel(T["Your account was deleted"],
            T["Your profile and everything linked to it were erased. Thank you for having been part of CourseHub."]));
    }

    private async Task<ApplicationUser> CurrentUserAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("A signed-in request has no user.");

    private void AddErrors(IdentityResult result, string passwordField)
    {
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                "InvalidEmail" or "InvalidUserName" => "Email",
                "InvalidToken" => "",
                AccountService.LockedOutCode => passwordField == nameof(ChangePasswordForm.NewPassword) ? nameof(ChangePasswordForm.CurrentPassword) : passwordField,
                "PasswordMismatch" => passwordField == nameof(ChangePasswordForm.NewPassword) ? nameof(ChangePasswordForm.CurrentPassword) : passwordField,
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                _ => "",
            };
            var message = error.Code switch
            {
                "InvalidToken" => T["This link is not valid or has expired. Ask for a new one."],
                "PasswordMismatch" => T["The password is not correct."],
                _ => error.Description,
            };
            if (!ModelState.TryGetValue(field, out var entry) || entry.Errors.All(e => e.ErrorMessage != message))
            {
                ModelState.AddModelError(field, message);
            }
        }
    }
}
