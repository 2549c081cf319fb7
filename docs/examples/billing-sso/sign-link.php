<?php
// Signs a Centrala sign-in link for the customer logged in to your billing panel (docs/billing-sso.md). PHP 7.1+.
function centrala_sso_link(string $centralaUrl, string $secret, string $contact, string $email = '', string $to = ''): string
{
    $ts = (string) time();
    $nonce = rtrim(strtr(base64_encode(random_bytes(18)), '+/', '-_'), '='); // 24 characters, used once
    $canonical = implode("\n", ['v1', $contact, $email, $ts, $nonce, $to]);
    $sig = hash_hmac('sha256', $canonical, $secret);
    $query = array_filter(['contact' => $contact, 'email' => $email, 'ts' => $ts, 'nonce' => $nonce, 'to' => $to, 'sig' => $sig], 'strlen');
    return $centralaUrl . '/sso/billing?' . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
}
