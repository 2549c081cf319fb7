<?php
// Signs a Centrala sign-in link for the customer logged in to your billing panel (docs/billing-sso.md). PHP 7.1+.
// The admin page "Billing panel sign-in" shows the same function with your server's address filled in.
function centrala_sso_link(string $centralaUrl, string $secret, string $contact, string $email = '', string $to = ''): string
{
    $ts = (string) time();
    $nonce = rtrim(strtr(base64_encode(random_bytes(18)), '+/', '-_'), '='); // 24 characters, used once
    $sig = hash_hmac('sha256', implode("\n", ['v1', $contact, $email, $ts, $nonce, $to]), $secret);
    $query = array_filter(compact('contact', 'email', 'ts', 'nonce', 'to', 'sig'), 'strlen');
    return $centralaUrl . '/sso/billing?' . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
}
