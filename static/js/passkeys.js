// Passkeys and security keys (WebAuthn): adding one on the two-factor page, and using one
// at the second step. The pages work without this file: the authenticator app is offered
// beside it. The server's messages come back as JSON; ours are in data-msg-* attributes,
// already translated.
"use strict";

(() => {
  const toBytes = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const toText = (buffer) => {
    let binary = "";
    new Uint8Array(buffer).forEach((b) => {
      binary += String.fromCharCode(b);
    });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const csrfToken = () => {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  };
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {}),
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    if (!response.ok && data.redirect) {
      // Refused, but the server says where to go (the account has a factor by now).
      window.location.assign(data.redirect);
      return new Promise(() => {});
    }
    if (!response.ok) {
      const refusal = new Error(data.message || "");
      refusal.fromServer = true;
      throw refusal;
    }
    return data;
  };

  const credentialJSON = (credential) => {
    const response = credential.response;
    const out = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(response.clientDataJSON) },
    };
    if (response.attestationObject) {
      out.response.attestationObject = toText(response.attestationObject);
      out.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      out.response.authenticatorData = toText(response.authenticatorData);
      out.response.signature = toText(response.signature);
      out.response.userHandle = response.userHandle ? toText(response.userHandle) : null;
    }
    if (credential.authenticatorAttachment) {
      out.authenticatorAttachment = credential.authenticatorAttachment;
    }
    return out;
  };

  const setUp = (section, ceremony) => {
    const button = section.querySelector("[data-passkey-start]");
    const status = section.querySelector("[data-passkey-status]");
    const say = (text) => {
      status.textContent = text || "";
    };
    // A passkey belongs to a domain name: on an IP address (a development server at
    // 127.0.0.1) browsers refuse every ceremony, so the button would only fail.
    const onIPAddress = /^[\d.]+$|:/.test(window.location.hostname);
    if (!window.PublicKeyCredential || !navigator.credentials || onIPAddress) {
      say(section.dataset.msgUnsupported);
      return;
    }
    button.disabled = false;
    // While a ceremony is under way the button is aria-disabled, not disabled: a disabled
    // button drops the keyboard's focus, and a cancelled prompt would leave it at the top
    // of the page instead of on the choice of factors.
    button.addEventListener("click", async () => {
      if (button.getAttribute("aria-disabled") === "true") {
        return;
      }
      button.setAttribute("aria-disabled", "true");
      say(section.dataset.msgWorking);
      try {
        const options = await post(section.dataset.optionsUrl);
        const credential = await ceremony(options);
        const nameField = section.querySelector("[data-passkey-name]");
        const rememberBox = section.querySelector("[data-passkey-remember]");
        const result = await post(section.dataset.verifyUrl, {
          credential: credentialJSON(credential),
          name: nameField ? nameField.value : "",
          remember: Boolean(rememberBox && rememberBox.checked),
          next: section.dataset.next || "",
        });
        window.location.assign(result.redirect);
      } catch (error) {
        // Cancelled in the browser (NotAllowedError), timed out, refused by the browser or
        // by the server: back to the choice of factors, with a word on what happened. Only
        // the server's messages are shown as they are: the browser's are in its language,
        // not the page's.
        const name = error && error.name;
        if (name === "NotAllowedError" || name === "AbortError") {
          say(section.dataset.msgCancelled);
        } else if (name === "SecurityError" || name === "NotSupportedError") {
          say(section.dataset.msgUnsupported);
        } else {
          say(error && error.fromServer && error.message ? error.message : section.dataset.msgFailed);
        }
        button.removeAttribute("aria-disabled");
      }
    });
  };

  const register = document.querySelector("[data-passkey-register]");
  if (register) {
    setUp(register, (options) => {
      const publicKey = { ...options };
      publicKey.challenge = toBytes(options.challenge);
      publicKey.user = { ...options.user, id: toBytes(options.user.id) };
      publicKey.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) }));
      return navigator.credentials.create({ publicKey });
    });
  }
  const signIn = document.querySelector("[data-passkey-sign-in]");
  if (signIn) {
    setUp(signIn, (options) => {
      const publicKey = { ...options };
      publicKey.challenge = toBytes(options.challenge);
      publicKey.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) }));
      return navigator.credentials.get({ publicKey });
    });
  }
})();
