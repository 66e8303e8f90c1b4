vcl 4.1;

# Varnish (Debian 12: 7.1) in front of qa_portal's gunicorn. It keeps only what the site
# marks `Cache-Control: public` (machinery.httpcache: anonymous public pages, static
# files), one copy per language, and drops pages when the site sends
# `BAN /` with `X-Cache-Tags: <tags>` after a change (QA_PORTAL_CACHE_PURGE_URLS).
#
# Check it: varnishd -C -f deploy/varnish/default.vcl > /dev/null
# Run it:   varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,256m
# The backend is gunicorn on 127.0.0.1:8000; for another address change .host and
# .port below (several app servers: one backend each and a directors.round_robin()).

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may purge: the app servers. Add their addresses when they are other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN" || req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "PURGE" && !req.http.X-Cache-Tags) {
            # One address, every copy of it (each language).
            return (purge);
        }
        # Tags are words of [a-z0-9-] separated by single spaces: nothing that could
        # change the meaning of the ban expression built from them.
        if (req.http.X-Cache-Tags !~ "^[a-z0-9-]{1,64}( [a-z0-9-]{1,64}){0,199}$") {
            return (synth(400, "Bad X-Cache-Tags"));
        }
        # Drops every object whose tag list holds one of the tags as a whole word
        # ("q-1" never matches "q-12"); only obj.* is used, so the ban lurker applies it.
        ban("obj.http.X-Cache-Tags ~ (^|[[:blank:]])(" +
            regsuball(req.http.X-Cache-Tags, " ", "|") + ")([[:blank:]]|$)");
        return (synth(200, "Banned"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # A session (logged in, or a form on the way), a CSRF token or a flash message: the
    # page may be about this reader. Django's names, with the __Host- prefix of HTTPS.
    if (req.http.Cookie ~ "(^|;)[[:blank:]]*(__Host-)?(sessionid|csrftoken|messages)=") {
        return (pass);
    }

    # One language per request, chosen as Django would: the django_language cookie,
    # else the first Chinese or English tag in Accept-Language (any zh-* is zh-hant),
    # else English. The backend is sent the result, so a cached copy always matches
    # its key and `Vary: Accept-Language` keeps two copies, not one per browser.
    if (req.http.Cookie ~ "(^|;)[[:blank:]]*django_language=zh-hant([[:blank:]]*;|$)") {
        set req.http.Accept-Language = "zh-hant";
    } elsif (req.http.Cookie ~ "(^|;)[[:blank:]]*django_language=en([[:blank:]]*;|$)") {
        set req.http.Accept-Language = "en";
    } else {
        set req.http.X-Language = regsub(req.http.Accept-Language,
            "(?i)^.*?(^|,)[[:blank:]]*(en|zh)([-_;,[:blank:]].*)?$", "\2");
        if (req.http.X-Language ~ "(?i)^zh$") {
            set req.http.Accept-Language = "zh-hant";
        } else {
            set req.http.Accept-Language = "en";
        }
        unset req.http.X-Language;
    }
    # Every other cookie (analytics and the like) is of no use to the site and would
    # split the cache (`Vary: Cookie`); the language it held is now in Accept-Language.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # An https page and the redirect a plain-http request gets are different answers.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_pass {
    set req.http.X-Cache-Passed = "1";
}

sub vcl_backend_response {
    # Only what the site explicitly shares: anything without `public` (search, forms,
    # logged-in pages, errors) is fetched each time, never kept for the default TTL.
    if (beresp.http.Cache-Control !~ "(?i)(^|,)[[:blank:]]*public([[:blank:]]*,|[[:blank:]]*$)" ||
        beresp.http.Cache-Control ~ "(?i)private|no-store|no-cache" ||
        beresp.http.Set-Cookie ||
        beresp.http.Vary == "*") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # TTL from s-maxage and grace from stale-while-revalidate are Varnish's defaults.
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Cache-Tags;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    if (req.http.X-Cache-Passed) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
