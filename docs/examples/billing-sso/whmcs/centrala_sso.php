<?php
// WHMCS (8.x), in the WHMCS root beside clientarea.php: sends the logged-in client to Centrala with a signed link.
// Put the secret in configuration.php ($centrala_sso_secret = '…';), never in a file the web server shows.
use WHMCS\Authentication\CurrentUser;

require __DIR__ . '/init.php';
require __DIR__ . '/includes/centrala_sso_link.php'; // docs/examples/billing-sso/sign-link.php

$client = (new CurrentUser())->client();
if (is_null($client)) {
    header('Location: clientarea.php');
    exit;
}
global $centrala_sso_secret;
$to = isset($_GET['to']) && is_string($_GET['to']) ? $_GET['to'] : ''; // e.g. /client/tickets/new; Centrala checks it
// The contact's external_id in Centrala is what your sync sent for this person: here the WHMCS client id (a sync
// that makes a contact per WHMCS user would send 'user-' . $user->id and $user->email, from (new CurrentUser())->user()).
$link = centrala_sso_link('https://support.example.com', $centrala_sso_secret, (string) $client->id, $client->email, $to);
header('Cache-Control: no-store');
header('Location: ' . $link, true, 303);
