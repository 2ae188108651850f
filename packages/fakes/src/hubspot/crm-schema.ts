/**
 * The CRM object types the HubSpot fake implements, by their plural API name.
 *
 * @example
 * const type: CrmObjectType = 'deals';
 */
export type CrmObjectType = 'contacts' | 'deals' | 'notes' | 'leads';

/**
 * Object type ids HubSpot uses where a path or body takes an `objectTypeId` (lists, associations v4).
 * (https://developers.hubspot.com/docs/guides/api/crm/understanding-the-crm#object-type-ids)
 *
 * @example
 * OBJECT_TYPE_IDS.contacts; // '0-1'
 */
export const OBJECT_TYPE_IDS: Readonly<Record<CrmObjectType, string>> = {
  contacts: '0-1',
  deals: '0-3',
  notes: '0-46',
  leads: '0-136',
};

const SINGULAR: Readonly<Record<CrmObjectType, string>> = {
  contacts: 'contact',
  deals: 'deal',
  notes: 'note',
  leads: 'lead',
};

/**
 * The object type a path segment names: HubSpot accepts the plural name, the singular name (v4 associations) or the
 * type id, in any case.
 *
 * @example
 * objectTypeFrom('CONTACT'); // 'contacts'
 * objectTypeFrom('0-3'); // 'deals'
 * objectTypeFrom('tickets'); // undefined
 */
export function objectTypeFrom(segment: string): CrmObjectType | undefined {
  const name = segment.toLowerCase();
  for (const type of Object.keys(OBJECT_TYPE_IDS) as CrmObjectType[]) {
    if (name === type || name === SINGULAR[type] || name === OBJECT_TYPE_IDS[type]) return type;
  }
  return undefined;
}

/**
 * The singular name of an object type, as in association type names (`deal_to_contact`).
 *
 * @example
 * singularOf('notes'); // 'note'
 */
export function singularOf(type: CrmObjectType): string {
  return SINGULAR[type];
}

/**
 * A property definition in the shape of the properties API (`/crm/v3/properties/{objectType}`).
 *
 * @example
 * const property: PropertyDefinition = {
 *   name: 'hotmart_transaction', label: 'Hotmart transaction', type: 'string', fieldType: 'text',
 *   groupName: 'dealinformation', hasUniqueValue: true,
 * };
 */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType: string;
  groupName: string;
  description?: string;
  hasUniqueValue?: boolean;
  options?: { label: string; value: string; displayOrder?: number; hidden?: boolean }[];
  hubspotDefined?: boolean;
  modificationMetadata?: { readOnlyValue: boolean };
}

/**
 * A deal pipeline and its stages, as `GET /crm/v3/pipelines/deals` returns them.
 *
 * @example
 * const pipeline: Pipeline = { id: 'default', label: 'Sales Pipeline', stages: [{ id: 'closedwon', label: 'Closed won' }] };
 */
export interface Pipeline {
  id: string;
  label: string;
  stages: { id: string; label: string }[];
}

/**
 * The default "Sales Pipeline" every HubSpot account has, with its internal stage ids.
 * (https://knowledge.hubspot.com/object-settings/set-up-and-customize-pipelines)
 *
 * @example
 * DEFAULT_PIPELINES[0]?.stages.some((s) => s.id === 'closedwon'); // true
 */
export const DEFAULT_PIPELINES: readonly Pipeline[] = [
  {
    id: 'default',
    label: 'Sales Pipeline',
    stages: [
      { id: 'appointmentscheduled', label: 'Appointment Scheduled' },
      { id: 'qualifiedtobuy', label: 'Qualified To Buy' },
      { id: 'presentationscheduled', label: 'Presentation Scheduled' },
      { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In' },
      { id: 'contractsent', label: 'Contract Sent' },
      { id: 'closedwon', label: 'Closed Won' },
      { id: 'closedlost', label: 'Closed Lost' },
    ],
  },
];

const text = (name: string, label: string, groupName: string): PropertyDefinition => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  groupName,
  hubspotDefined: true,
});
const readOnly = (definition: PropertyDefinition): PropertyDefinition => ({
  ...definition,
  modificationMetadata: { readOnlyValue: true },
});
const datetime = (name: string, label: string, groupName: string): PropertyDefinition => ({
  name,
  label,
  type: 'datetime',
  fieldType: 'date',
  groupName,
  hubspotDefined: true,
});
const enumeration = (
  name: string,
  label: string,
  groupName: string,
  values: string[],
): PropertyDefinition => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'select',
  groupName,
  hubspotDefined: true,
  options: values.map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false })),
});

/**
 * The HubSpot-defined properties the fake knows per object type: the ones the connectors write plus the system
 * properties HubSpot maintains itself. Custom properties are added with `POST /crm/v3/properties/{objectType}` or
 * the `customProperties` option.
 *
 * @example
 * BUILT_IN_PROPERTIES.deals.some((p) => p.name === 'dealstage'); // true
 */
export const BUILT_IN_PROPERTIES: Readonly<Record<CrmObjectType, readonly PropertyDefinition[]>> = {
  contacts: [
    text('email', 'Email', 'contactinformation'),
    text('firstname', 'First Name', 'contactinformation'),
    text('lastname', 'Last Name', 'contactinformation'),
    text('phone', 'Phone Number', 'contactinformation'),
    text('mobilephone', 'Mobile Phone Number', 'contactinformation'),
    text('company', 'Company Name', 'contactinformation'),
    text('website', 'Website URL', 'contactinformation'),
    text('jobtitle', 'Job Title', 'contactinformation'),
    text('address', 'Street Address', 'contactinformation'),
    text('city', 'City', 'contactinformation'),
    text('state', 'State/Region', 'contactinformation'),
    text('zip', 'Postal Code', 'contactinformation'),
    text('country', 'Country/Region', 'contactinformation'),
    text('hubspot_owner_id', 'Contact owner', 'contactinformation'),
    enumeration('lifecyclestage', 'Lifecycle Stage', 'contactinformation', [
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ]),
    enumeration('hs_lead_status', 'Lead Status', 'sales_properties', [
      'NEW',
      'OPEN',
      'IN_PROGRESS',
      'OPEN_DEAL',
      'UNQUALIFIED',
      'ATTEMPTED_TO_CONTACT',
      'CONNECTED',
      'BAD_TIMING',
    ]),
    datetime('createdate', 'Create Date', 'contactinformation'),
    readOnly(datetime('lastmodifieddate', 'Last Modified Date', 'contactinformation')),
    readOnly({
      ...text('hs_object_id', 'Record ID', 'contactinformation'),
      type: 'number',
      fieldType: 'number',
    }),
  ],
  deals: [
    text('dealname', 'Deal Name', 'dealinformation'),
    text('dealstage', 'Deal Stage', 'dealinformation'),
    text('pipeline', 'Pipeline', 'dealinformation'),
    { ...text('amount', 'Amount', 'dealinformation'), type: 'number', fieldType: 'number' },
    datetime('closedate', 'Close Date', 'dealinformation'),
    text('deal_currency_code', 'Currency', 'dealinformation'),
    enumeration('dealtype', 'Deal Type', 'dealinformation', ['newbusiness', 'existingbusiness']),
    text('description', 'Deal Description', 'dealinformation'),
    text('hubspot_owner_id', 'Deal owner', 'dealinformation'),
    datetime('createdate', 'Create Date', 'dealinformation'),
    readOnly(datetime('hs_lastmodifieddate', 'Last Modified Date', 'dealinformation')),
    readOnly({
      ...text('hs_object_id', 'Record ID', 'dealinformation'),
      type: 'number',
      fieldType: 'number',
    }),
  ],
  notes: [
    { ...text('hs_note_body', 'Note body', 'note'), fieldType: 'html' },
    datetime('hs_timestamp', 'Activity date', 'note'),
    text('hubspot_owner_id', 'Activity assigned to', 'note'),
    text('hs_attachment_ids', 'Attached file IDs', 'note'),
    readOnly(datetime('hs_createdate', 'Create date', 'note')),
    readOnly(datetime('hs_lastmodifieddate', 'Last Modified Date', 'note')),
    readOnly({ ...text('hs_object_id', 'Record ID', 'note'), type: 'number', fieldType: 'number' }),
  ],
  leads: [
    text('hs_lead_name', 'Lead name', 'lead_information'),
    enumeration('hs_lead_type', 'Lead type', 'lead_information', ['NEW_BUSINESS', 'UPSELL', 'RE_ATTEMPTING']),
    enumeration('hs_lead_label', 'Lead label', 'lead_information', ['COLD', 'WARM', 'HOT']),
    text('hs_pipeline', 'Pipeline', 'lead_information'),
    text('hs_pipeline_stage', 'Pipeline stage', 'lead_information'),
    text('hubspot_owner_id', 'Lead owner', 'lead_information'),
    readOnly(datetime('hs_createdate', 'Create date', 'lead_information')),
    readOnly(datetime('hs_lastmodifieddate', 'Last Modified Date', 'lead_information')),
    readOnly({
      ...text('hs_object_id', 'Record ID', 'lead_information'),
      type: 'number',
      fieldType: 'number',
    }),
  ],
};

/**
 * The properties HubSpot returns when a read does not name any (`properties` query parameter or search body).
 * (https://developers.hubspot.com/docs/api/crm/search#default-searchable-properties)
 *
 * @example
 * DEFAULT_READ_PROPERTIES.contacts.includes('email'); // true
 */
export const DEFAULT_READ_PROPERTIES: Readonly<Record<CrmObjectType, readonly string[]>> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  leads: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_lead_name'],
};

/**
 * The names of each type's system timestamps (created, last modified): contacts and deals use `createdate`,
 * activities and leads `hs_createdate`.
 *
 * @example
 * SYSTEM_TIMESTAMPS.deals.modified; // 'hs_lastmodifieddate'
 */
export const SYSTEM_TIMESTAMPS: Readonly<Record<CrmObjectType, { created: string; modified: string }>> = {
  contacts: { created: 'createdate', modified: 'lastmodifieddate' },
  deals: { created: 'createdate', modified: 'hs_lastmodifieddate' },
  notes: { created: 'hs_createdate', modified: 'hs_lastmodifieddate' },
  leads: { created: 'hs_createdate', modified: 'hs_lastmodifieddate' },
};

/**
 * A HubSpot-defined association type between two object types, with the id of its reverse direction.
 *
 * @example
 * const type: AssociationType = { from: 'deals', to: 'contacts', typeId: 3, inverseTypeId: 4, name: 'deal_to_contact' };
 */
export interface AssociationType {
  from: CrmObjectType;
  to: CrmObjectType;
  typeId: number;
  inverseTypeId: number;
  name: string;
  label?: string;
}

/**
 * The HUBSPOT_DEFINED association types the fake knows; the first listed for a pair is the default (unlabeled) one
 * `PUT …/associations/default/…` creates.
 * (https://developers.hubspot.com/docs/api/crm/associations#association-type-id-values)
 *
 * @example
 * ASSOCIATION_TYPES.find((t) => t.from === 'deals' && t.to === 'contacts')?.typeId; // 3
 */
export const ASSOCIATION_TYPES: readonly AssociationType[] = [
  { from: 'contacts', to: 'deals', typeId: 4, inverseTypeId: 3, name: 'contact_to_deal' },
  { from: 'deals', to: 'contacts', typeId: 3, inverseTypeId: 4, name: 'deal_to_contact' },
  { from: 'contacts', to: 'notes', typeId: 201, inverseTypeId: 202, name: 'contact_to_note' },
  { from: 'notes', to: 'contacts', typeId: 202, inverseTypeId: 201, name: 'note_to_contact' },
  { from: 'deals', to: 'notes', typeId: 213, inverseTypeId: 214, name: 'deal_to_note' },
  { from: 'notes', to: 'deals', typeId: 214, inverseTypeId: 213, name: 'note_to_deal' },
  // Leads must be created with their primary contact (type 578); the leads guide documents no unlabeled pair.
  {
    from: 'leads',
    to: 'contacts',
    typeId: 578,
    inverseTypeId: 579,
    name: 'lead_to_primary_contact',
    label: 'Primary',
  },
  {
    from: 'contacts',
    to: 'leads',
    typeId: 579,
    inverseTypeId: 578,
    name: 'primary_contact_to_lead',
    label: 'Primary',
  },
];
