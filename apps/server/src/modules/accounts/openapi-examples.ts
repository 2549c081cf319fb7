/**
 * The provisioning API's examples in the OpenAPI document (issue 13 point 2): what a WHMCS-like billing system sends
 * when it syncs its clients (accounts), their contacts and their services, keyed by its own ids.
 */
export const examples = {
  accounts: {
    one: { externalId: 'whmcs-client-1042', name: 'Primjer d.o.o.', email: 'racuni@primjer.hr' },
    upsert: { name: 'Primjer d.o.o.', email: 'racuni@primjer.hr', disabled: false },
    patch: { name: 'Primjer Hosting d.o.o.' },
    bulk: [
      { externalId: 'whmcs-client-1042', name: 'Primjer d.o.o.', email: 'racuni@primjer.hr' },
      { externalId: 'whmcs-client-1043', name: 'Ivana Horvat', email: 'ivana.horvat@example.hr' },
    ],
  },
  contacts: {
    one: {
      externalId: 'whmcs-contact-77',
      accountExternalId: 'whmcs-client-1042',
      name: 'Marko Kovač',
      email: 'marko@primjer.hr',
      locale: 'hr',
      roles: ['owner', 'technical'],
      canLogIn: true,
    },
    upsert: { accountExternalId: 'whmcs-client-1042', name: 'Marko Kovač', email: 'marko@primjer.hr', roles: ['owner'], canLogIn: true },
    patch: { roles: ['technical'], canLogIn: false },
    bulk: [
      {
        externalId: 'whmcs-contact-77',
        accountExternalId: 'whmcs-client-1042',
        name: 'Marko Kovač',
        email: 'marko@primjer.hr',
        roles: ['owner'],
      },
      {
        externalId: 'whmcs-contact-78',
        accountExternalId: 'whmcs-client-1042',
        name: 'Računovodstvo',
        email: 'racuni@primjer.hr',
        roles: ['billing'],
        canLogIn: false,
      },
    ],
  },
  services: {
    one: {
      externalId: 'whmcs-service-5531',
      accountExternalId: 'whmcs-client-1042',
      name: 'web-01.primjer.hr',
      orderNumber: '#123456',
      product: 'VPS L',
      location: 'Zagreb',
      status: 'active',
      ipAddresses: ['192.0.2.10', '2001:db8:10::/64'],
    },
    upsert: {
      accountExternalId: 'whmcs-client-1042',
      name: 'web-01.primjer.hr',
      orderNumber: '#123456',
      product: 'VPS L',
      location: 'Zagreb',
      status: 'active',
      ipAddresses: ['192.0.2.10'],
    },
    patch: { status: 'suspended' },
    bulk: [
      {
        externalId: 'whmcs-service-5531',
        accountExternalId: 'whmcs-client-1042',
        name: 'web-01.primjer.hr',
        orderNumber: '123456',
        product: 'VPS L',
        location: 'Zagreb',
        ipAddresses: ['192.0.2.10'],
      },
      {
        externalId: 'whmcs-service-5532',
        accountExternalId: 'whmcs-client-1042',
        name: 'db-01.primjer.hr',
        orderNumber: '123457',
        product: 'Dedicated',
        location: 'Frankfurt',
        ipAddresses: ['198.51.100.0/29'],
      },
    ],
  },
} as const;
