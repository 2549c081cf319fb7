<?php
// WHMCS: a "Support" item in the client area's menu. It points at centrala_sso.php, which signs a fresh link on
// each click: a link put in the menu itself would expire within two minutes and work once only.
add_hook('ClientAreaPrimaryNavbar', 1, function ($primaryNavbar) {
    if (is_null((new \WHMCS\Authentication\CurrentUser())->client())) {
        return;
    }
    $primaryNavbar->addChild('centrala-support', ['label' => 'Support', 'uri' => 'centrala_sso.php', 'order' => 70]);
});
