-- POSTs the sign-in form of the benchmark account; BODY and COOKIE carry the form and its antiforgery pair.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("COOKIE")
