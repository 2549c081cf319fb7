# Signs a Centrala sign-in link for the customer logged in to your billing panel (docs/billing-sso.md). Python 3.6+.
import hashlib, hmac, secrets, time
from urllib.parse import urlencode


def billing_sso_link(centrala_url, secret, contact, email="", to=""):
    ts = str(int(time.time()))
    nonce = secrets.token_urlsafe(18)  # 24 characters, used once
    canonical = "\n".join(["v1", contact, email, ts, nonce, to])
    sig = hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
    query = {"contact": contact, "email": email, "ts": ts, "nonce": nonce, "to": to, "sig": sig}
    return centrala_url + "/sso/billing?" + urlencode({k: v for k, v in query.items() if v})


if __name__ == "__main__":
    import sys
    print(billing_sso_link(*sys.argv[1:]))
