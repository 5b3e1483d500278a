/**
 * Hearth's Google Forms, bound to the group's spreadsheet (Extensions → Apps Script).
 *
 * An organizer runs setup() once. It runs as them, which is the point: the Forms API cannot link a form to a
 * sheet or install triggers, and a service account cannot own the group's files. setup() makes the join, RSVP,
 * report and project forms, links them to this spreadsheet, names their tabs "Form responses (join)" and so on, and
 * installs two triggers:
 *  - onFormSubmit relays each response to Hearth's forms function, signed with FORM_RELAY_SECRET;
 *  - syncEventChoices keeps the RSVP form's Event dropdown in step with the Events tab.
 *
 * The relay sends no responseId: a pushed response has the identity Hearth's sweep computes from the same
 * row of the responses tab (form + Timestamp to the second + a hash of the answers), so push and sweep never
 * double up, and the sweep catches whatever the relay missed. See scripts/apps-script/README.md.
 *
 * Google's forms: a form made by a script is unpublished (it takes no responses) unless asked otherwise, so
 * setup() makes them published and checks they are. The RSVP form should collect *verified* emails (Google
 * fills in the signed-in account); an email a respondent types proves nothing. Hearth trusts the email only
 * while the RSVP tab's email column is titled VERIFIED_EMAIL_HEADER_, which this script sets when, and only
 * while, the form says it collects verified emails: the relay and Hearth's sweep read that same title, so
 * they agree. setup() and every sync also write the forms' state to the "Form status" tab for npm run doctor.
 *
 * Invitations: the join form has an optional "Invited by" question, and setup() keeps Settings → Invite link
 * up to date with the form's prefilled link for it, ending in entry.NNN= so that Hearth can add each member's
 * Member ID (their personal invite link).
 */

const FORM_NAMES_ = ['join', 'rsvp', 'report', 'project'];

/** The tab each form writes to; Hearth's sweep reads these (RESPONSE_TABS in sheets-schema/forms). */
const RESPONSE_TABS_ = {
  join: 'Form responses (join)',
  rsvp: 'Form responses (rsvp)',
  report: 'Form responses (report)',
  project: 'Form responses (project)',
};

/** The RSVP tab's email column while the form collects verified emails (VERIFIED_EMAIL_HEADER in sheets-schema/forms). */
const VERIFIED_EMAIL_HEADER_ = 'Email Address (verified)';
/** Google's title for that column. */
const EMAIL_HEADER_ = 'Email Address';
/** The tab where setup() and each sync say how the forms stand (FORM_STATUS_TAB in scripts/lib/doctor-checks.ts). */
const STATUS_TAB_ = 'Form status';
const STATUS_HEADERS_ = ['Form', 'Link', 'Published', 'Accepting responses', 'Email', 'Checked'];
/** What the Email column says (EMAIL_STATES in scripts/lib/doctor-checks.ts). */
const EMAIL_STATES_ = { verified: 'Verified', typed: 'Typed', none: 'Not collected', unknown: 'Unknown' };
/** The one setting that makes the RSVP form's email trustworthy. */
const VERIFIED_FIX_ =
  'In the RSVP form: Settings → Responses → Collect email addresses → Verified, then run setup() again';

const RELAY_ATTEMPTS_ = 4;
const RELAY_BACKOFF_MS_ = 2000;
const SYNC_EVERY_MINUTES_ = 10;
const TRIGGER_HANDLERS_ = ['onFormSubmit', 'syncEventChoices'];

const YES_NO_ = ['Yes', 'No'];
const URGENCY_ = ['Low', 'Medium', 'High', 'Critical'];
const INTERESTS_ = [
  'Social events',
  'Talks and workshops',
  'Outdoor activities',
  'Volunteering',
  'Helping organize',
];
const RULE_OTHER_ = 'Something else / not sure';
/** The join form's question a member's invite link fills in with their Member ID (sheets-schema/forms/join.ts). */
const INVITED_BY_ = 'Invited by';
/** A stand-in answer to work out the prefilled link with; cut off, so that a Member ID can follow. */
const INVITE_PLACEHOLDER_ = 'HEARTH-MEMBER-ID';
/** The setting that holds that link (Settings → Invite link, in sheets-schema/settings.ts). */
const INVITE_SETTING_ = 'Invite link';
const NO_EVENTS_ = 'No upcoming events yet';

/** Each form's questions, titled as Hearth matches them (sheets-schema/forms/{join,rsvp,report,project}.ts). */
const QUESTIONS_ = {
  join: [
    { title: 'Name', kind: 'text', required: true },
    { title: 'Email', kind: 'email', required: true },
    { title: 'How did you hear about us?', kind: 'text' },
    { title: 'Interests', kind: 'checkbox', choices: INTERESTS_ },
    { title: 'Introduce me to other members', kind: 'choice', choices: YES_NO_ },
    { title: 'I agree to the ground rules', kind: 'choice', choices: ['Yes'], required: true },
    {
      title: INVITED_BY_,
      kind: 'text',
      help: 'Filled in for you when a member’s invite link brought you here; otherwise leave it empty.',
    },
  ],
  rsvp: [
    { title: 'Email', kind: 'email', required: true },
    { title: 'Event', kind: 'events', required: true },
    { title: 'Attending?', kind: 'choice', choices: YES_NO_, required: true },
    { title: 'Guests', kind: 'guests', help: 'How many people you bring along: 0 if none.' },
  ],
  report: [
    { title: 'Your email', kind: 'email', help: 'Optional: leave it empty to report anonymously.' },
    { title: 'Who or what is this about?', kind: 'text', required: true },
    { title: 'Where did it happen?', kind: 'text', help: 'A link to the message, or a place.' },
    { title: 'Which ground rule?', kind: 'rule' },
    { title: 'What happened?', kind: 'paragraph', required: true },
    { title: 'How urgent is it?', kind: 'choice', choices: URGENCY_ },
  ],
  project: [
    { title: 'Project title', kind: 'text', required: true },
    { title: 'What and why', kind: 'paragraph', required: true },
    { title: 'Who is it for?', kind: 'text' },
    { title: 'Partner', kind: 'text', help: 'Optional: a partner organisation, by name or Partner ID (PA-2).' },
    { title: 'Champion', kind: 'email', help: 'The email of who will lead it; leave it empty if it is you.' },
    { title: 'Roles needed', kind: 'text', help: 'Like: 2 developers, 1 designer' },
    { title: 'Time it needs', kind: 'text', help: 'Like: 3 months, 2 hours a week' },
    { title: 'Email', kind: 'email', required: true, help: 'Yours, as you joined with it.' },
  ],
};

/** Titles, descriptions and confirmation messages; `s` is readSettings_(). */
const FORM_TEXT_ = {
  join: {
    title: (s) => 'Join ' + s.groupName,
    description: 'Tell us who you are. We will welcome you on Slack.',
    confirmation: (s) =>
      s.slackInviteLink
        ? 'Thanks for joining ' + s.groupName + '! Join our Slack with the same email: ' + s.slackInviteLink
        : 'Thanks for joining ' + s.groupName + '! An organizer will invite you to our Slack.',
  },
  rsvp: {
    title: (s) => s.groupName + ': RSVP',
    description: 'Tell us whether you are coming. Sign in with the email you joined with.',
    confirmation: () => 'Thanks, your answer is in. If we know you on Slack, we will confirm there.',
  },
  report: {
    title: (s) => s.groupName + ': report a problem',
    description: 'Only the organizers see reports. You may stay anonymous.',
    confirmation: () => 'Thank you. The organizers have your report and will look into it.',
  },
  project: {
    title: (s) => s.groupName + ': propose a project',
    description: 'An idea the group could take on together. The leaders decide; you hear from us on Slack.',
    confirmation: () => 'Thank you! Your proposal is with the leaders; we will tell you on Slack.',
  },
};

// ---- setup ------------------------------------------------------------------------------------------------

/**
 * Makes (or, run again, reuses) the four forms, links them to this spreadsheet, names their response tabs,
 * installs the triggers and checks that Hearth accepts the relay's signature. Run it from the editor.
 */
function setup() {
  const config = relayConfig_();
  const ss = SpreadsheetApp.getActive();
  const settings = readSettings_(ss);
  warnOnTimeZones_(ss, settings);
  const forms = {};
  FORM_NAMES_.forEach((name) => {
    forms[name] = ensureForm_(name, settings);
    linkForm_(forms[name], ss);
  });
  FORM_NAMES_.forEach((name) => nameResponseTab_(ss, forms[name], name));
  writeInviteLink_(ss, forms.join);
  installTriggers_(ss);
  syncEventChoices();
  checkRelay_(config);
  reportForms_(forms);
}

/**
 * Says, for each form, its link and what keeps it from taking responses: not published, not accepting (the
 * RSVP form is closed on purpose while no event is announced), or an RSVP email that is not verified.
 */
function reportForms_(forms) {
  FORM_NAMES_.forEach((name) => {
    const state = formState_(forms[name], name);
    console.log('The ' + name + ' form: ' + forms[name].getPublishedUrl());
    if (!state.published) {
      console.error(
        'The ' + name + ' form is not published, so it takes no responses: open it and click Publish, ' +
          'then run setup() again.',
      );
    }
    if (state.published && !state.accepting && name !== 'rsvp') {
      console.error(
        'The ' + name + ' form is not accepting responses: in its Responses tab, turn on Accepting responses.',
      );
    }
  });
  if (formState_(forms.rsvp, 'rsvp').email !== 'verified') {
    console.warn(
      'The RSVP form does not collect verified emails, so Hearth treats its email as typed (anyone could ' +
        'answer for anyone). ' + VERIFIED_FIX_ + '.',
    );
  }
}

/**
 * The form this project made for `name` (its ID is kept in Script Properties), else a new one with Hearth's
 * questions. Either way its Settings-dependent parts (confirmation, ground rules) are brought up to date.
 * @param {string} name join, rsvp or report
 * @param {Object} settings from readSettings_
 * @return {GoogleAppsScript.Forms.Form}
 */
function ensureForm_(name, settings) {
  const props = PropertiesService.getScriptProperties();
  let form = openForm_(props.getProperty(formIdKey_(name)));
  if (!form) {
    form = createPublished_(FORM_TEXT_[name].title(settings));
    buildForm_(form, name, settings);
    props.setProperty(formIdKey_(name), form.getId());
  }
  publish_(form);
  refreshForm_(form, name, settings);
  if (name === 'rsvp') collectEmails_(form, true);
  return form;
}

/**
 * A new form, published from the start: a form a script makes is otherwise unpublished and takes no
 * responses. A runtime without create(title, isPublished) has no unpublished forms either.
 */
function createPublished_(title) {
  try {
    return FormApp.create(title, true);
  } catch (error) {
    return FormApp.create(title);
  }
}

/** Publishes a form that is not; a legacy form (made before publishing existed) is always published. */
function publish_(form) {
  if (typeof form.isPublished !== 'function') return;
  if (typeof form.supportsAdvancedResponderPermissions === 'function' && !form.supportsAdvancedResponderPermissions()) {
    return;
  }
  if (!form.isPublished()) form.setPublished(true);
}

/**
 * How a form stands: published (legacy forms always are), accepting responses, and how it collects emails:
 * 'verified' (Google fills in the signed-in account), 'typed' (the respondent types it, or this runtime cannot
 * tell which), 'none', or 'unknown' when the form cannot be read.
 */
function formState_(form, name) {
  try {
    const published = typeof form.isPublished === 'function' ? form.isPublished() : true;
    return { published: published, accepting: form.isAcceptingResponses(), email: emailCollection_(form) };
  } catch (error) {
    console.warn('The ' + name + ' form cannot be read (' + error.message + ').');
    return { published: false, accepting: false, email: 'unknown' };
  }
}

/** The form's email collection: verified, typed or none. Without the newer API a collected email counts as typed. */
function emailCollection_(form) {
  const types = FormApp.EmailCollectionType;
  if (types && typeof form.getEmailCollectionType === 'function') {
    const type = String(form.getEmailCollectionType());
    if (type === String(types.VERIFIED)) return 'verified';
    return type === String(types.DO_NOT_COLLECT) ? 'none' : 'typed';
  }
  return form.collectsEmail() ? 'typed' : 'none';
}

/** The Script Property that holds a form's ID, e.g. HEARTH_FORM_ID_JOIN. */
function formIdKey_(name) {
  return 'HEARTH_FORM_ID_' + name.toUpperCase();
}

/** The form with this ID, or null when there is none (never made, or deleted). */
function openForm_(id) {
  if (!id) return null;
  try {
    return FormApp.openById(id);
  } catch (error) {
    console.warn('Form ' + id + ' cannot be opened (' + error.message + '): making a new one.');
    return null;
  }
}

/** Title, description, email collection (verified for RSVPs only) and the questions of a new form. */
function buildForm_(form, name, settings) {
  form.setTitle(FORM_TEXT_[name].title(settings)).setDescription(FORM_TEXT_[name].description);
  // An edited response would get a new Timestamp and so a new identity: one response, one effect.
  form.setAllowResponseEdits(false);
  if (name !== 'rsvp') collectEmails_(form, false);
  QUESTIONS_[name].forEach((question) => addQuestion_(form, question, settings));
}

/**
 * Verified emails (respondents sign in with Google) or none, where the runtime can set the collection type.
 * setCollectEmail alone may collect a typed address: Hearth then treats it as typed (see reportForms_).
 */
function collectEmails_(form, verified) {
  const types = FormApp.EmailCollectionType;
  if (types && typeof form.setEmailCollectionType === 'function') {
    const wanted = verified ? types.VERIFIED : types.DO_NOT_COLLECT;
    if (emailCollection_(form) !== (verified ? 'verified' : 'none')) form.setEmailCollectionType(wanted);
    return;
  }
  if (form.collectsEmail() !== verified) form.setCollectEmail(verified);
}

/** How each kind of question is added. */
const ADDERS_ = {
  text: (form) => form.addTextItem(),
  email: (form) =>
    form.addTextItem().setValidation(FormApp.createTextValidation().requireTextIsEmail().build()),
  paragraph: (form) => form.addParagraphTextItem(),
  choice: (form, question) => form.addMultipleChoiceItem().setChoiceValues(question.choices),
  checkbox: (form, question) =>
    form.addCheckboxItem().setChoiceValues(question.choices).showOtherOption(true),
  guests: (form) =>
    form.addTextItem().setValidation(
      FormApp.createTextValidation()
        .setHelpText('Type a whole number: 0, 1, 2…')
        .requireTextMatchesPattern('[0-9]{1,2}')
        .build(),
    ),
  events: (form) => form.addListItem().setChoiceValues([NO_EVENTS_]),
  rule: (form, question, settings) =>
    settings.groundRules.length > 0
      ? form.addListItem().setChoiceValues(ruleChoices_(settings))
      : form.addTextItem(),
};

/** Adds one question: its kind's item, then the title, whether it is required and its help text. */
function addQuestion_(form, question, settings) {
  const item = ADDERS_[question.kind](form, question, settings);
  item.setTitle(question.title).setRequired(Boolean(question.required));
  if (question.help) item.setHelpText(question.help);
  return item;
}

/**
 * What follows Settings: the confirmation, the ground rules shown on join, the report's list of rules. A join
 * form made before invitations gets its "Invited by" question (at the end), once.
 */
function refreshForm_(form, name, settings) {
  form.setConfirmationMessage(FORM_TEXT_[name].confirmation(settings));
  if (name === 'join') {
    const agree = itemTitled_(form, 'I agree to the ground rules');
    if (agree) agree.setHelpText(rulesHelp_(settings));
    if (!itemTitled_(form, INVITED_BY_)) {
      addQuestion_(form, QUESTIONS_.join.find((question) => question.title === INVITED_BY_), settings);
    }
  }
  if (name === 'report' && settings.groundRules.length > 0) {
    const rule = itemTitled_(form, 'Which ground rule?');
    if (rule && rule.getType() === FormApp.ItemType.LIST) {
      rule.asListItem().setChoiceValues(ruleChoices_(settings));
    }
  }
}

/** The ground rules as the join form shows them above "I agree". */
function rulesHelp_(settings) {
  const lines = settings.groundRules.map((rule, i) => i + 1 + '. ' + rule);
  if (settings.groundRulesLink) lines.push('Full text: ' + settings.groundRulesLink);
  return lines.length > 0 ? 'Our ground rules:\n' + lines.join('\n') : 'Please be kind and respectful.';
}

/** The report form's "Which ground rule?" choices: each rule, then a way out. */
function ruleChoices_(settings) {
  return settings.groundRules.concat([RULE_OTHER_]);
}

/** The form's item with this title (ignoring case, spacing and punctuation), or null. */
function itemTitled_(form, title) {
  const wanted = normalize_(title);
  return form.getItems().find((item) => normalize_(item.getTitle()) === wanted) || null;
}

/** Sends the form's responses to this spreadsheet, unless it already does. */
function linkForm_(form, ss) {
  let destination = '';
  try {
    destination = form.getDestinationId();
  } catch (error) {
    destination = ''; // no destination yet
  }
  if (destination !== ss.getId()) form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
}

/**
 * Keeps Settings → Invite link at the join form's prefilled link with "Invited by" answered: a response with
 * a stand-in answer, toPrefilledUrl(), and the stand-in cut off, so that the link ends in entry.NNN= and Hearth
 * adds each member's Member ID to it.
 */
function writeInviteLink_(ss, form) {
  const link = inviteLink_(form);
  if (link) writeSetting_(ss, INVITE_SETTING_, link);
}

/** The join form's prefilled link for "Invited by", ending in entry.NNN=; '' (and why, logged) when there is none. */
function inviteLink_(form) {
  const item = itemTitled_(form, INVITED_BY_);
  if (!item || item.getType() !== FormApp.ItemType.TEXT) {
    console.warn(
      'The join form has no short-answer "' + INVITED_BY_ + '" question, so Settings → ' + INVITE_SETTING_ +
        ' was not written: delete the question if it is another kind, then run setup() again.',
    );
    return '';
  }
  const answer = item.asTextItem().createResponse(INVITE_PLACEHOLDER_);
  const url = String(form.createResponse().withItemResponse(answer).toPrefilledUrl());
  const end = '=' + INVITE_PLACEHOLDER_;
  if (url.slice(-end.length) !== end) {
    console.warn('The join form\'s prefilled link does not end with the "' + INVITED_BY_ + '" answer: ' + url);
    return '';
  }
  return url.slice(0, -INVITE_PLACEHOLDER_.length);
}

/**
 * Sets one setting in the Settings tab (Setting | Value): its row's Value when it differs, or a new row at the
 * end when there is none. No other row or cell is touched.
 */
function writeSetting_(ss, key, value) {
  const sheet = sheetNamed_(ss, 'Settings');
  const grid = sheet ? sheet.getDataRange().getValues() : [];
  const header = grid[0] || [];
  const keyAt = header.findIndex((cell) => normalize_(cell) === 'setting');
  const valueAt = header.findIndex((cell) => normalize_(cell) === 'value');
  if (keyAt < 0 || valueAt < 0) {
    console.warn(
      'No Settings tab with Setting and Value columns, so Settings → ' + key + ' was not written: run ' +
        'npm run provision, then setup() again (or type ' + value + ' there yourself).',
    );
    return;
  }
  // Hearth reads the first row of a setting; so is it kept here.
  const at = grid.findIndex((row, i) => i > 0 && normalize_(row[keyAt]) === normalize_(key));
  if (at > 0 && text_(grid[at][valueAt]) === value) return;
  if (at > 0) {
    sheet.getRange(at + 1, valueAt + 1).setValue(value);
  } else {
    const row = header.map(() => '');
    row[keyAt] = key;
    row[valueAt] = value;
    sheet.appendRow(row);
  }
  console.log('Settings → ' + key + ' is now ' + value);
}

/** Names the form's response tab as Hearth's sweep expects it ("Form responses (join)" …). */
function nameResponseTab_(ss, form, name) {
  const sheet = responseSheet_(ss, form);
  if (!sheet) throw new Error('The ' + name + ' form has no responses tab yet: run setup again in a minute.');
  const wanted = RESPONSE_TABS_[name];
  if (sheet.getName() === wanted) return;
  if (ss.getSheetByName(wanted)) {
    throw new Error('A tab "' + wanted + '" is not the ' + name + ' form\'s: rename it, run setup again.');
  }
  sheet.setName(wanted);
}

/** The tab a linked form writes to; a new link takes a moment to show, so this looks a few times. */
function responseSheet_(ss, form) {
  for (let attempt = 0; attempt < 5; attempt++) {
    SpreadsheetApp.flush();
    const sheets = SpreadsheetApp.openById(ss.getId()).getSheets();
    const found = sheets.find((sheet) => linkedFormId_(sheet) === form.getId());
    if (found) return found;
    Utilities.sleep(2000);
  }
  return null;
}

/** The ID of the form that writes to this tab, from the tab's form URL; '' when no form does. */
function linkedFormId_(sheet) {
  const url = sheet.getFormUrl();
  if (!url) return '';
  const match = /\/forms\/d\/(?!e\/)([\w-]{20,})/.exec(url);
  if (match) return match[1];
  try {
    return FormApp.openByUrl(url).getId();
  } catch (error) {
    return '';
  }
}

/** Replaces this project's triggers (yours) with one on form submit and one for the RSVP event list. */
function installTriggers_(ss) {
  ScriptApp.getProjectTriggers()
    .filter((trigger) => TRIGGER_HANDLERS_.indexOf(trigger.getHandlerFunction()) >= 0)
    .forEach((trigger) => ScriptApp.deleteTrigger(trigger));
  ScriptApp.newTrigger('onFormSubmit').forSpreadsheet(ss).onFormSubmit().create();
  ScriptApp.newTrigger('syncEventChoices').timeBased().everyMinutes(SYNC_EVERY_MINUTES_).create();
}

/** Posts a signed empty body: Hearth answers 400 (and records nothing) when the URL and secret are right. */
function checkRelay_(config) {
  const outcome = post_(config, '{}');
  if (outcome.status === 400) {
    console.log('Relay check passed: Hearth accepted the signature.');
  } else {
    console.error(
      'Relay check failed (' + describe_(outcome) + '). Check FORMS_URL, and that FORM_RELAY_SECRET is ' +
        'the same secret as in Secret Manager.',
    );
  }
}

/** Times are read in Settings → Time zone; the spreadsheet's own zone should be the same. */
function warnOnTimeZones_(ss, settings) {
  const own = ss.getSpreadsheetTimeZone();
  if (own !== settings.timeZone) {
    console.warn(
      'The spreadsheet time zone (' + own + ') differs from Settings → Time zone (' + settings.timeZone +
        '): set File → Settings → Time zone to ' + settings.timeZone + '.',
    );
  }
}

// ---- the relay --------------------------------------------------------------------------------------------

/**
 * The spreadsheet's "On form submit" trigger: relays the response to Hearth, signed. Retries network errors,
 * 429 and 5xx; throws when the response was not delivered (Apps Script then reports the failed run, and
 * Hearth's sweep still picks the row up).
 * @param {Object} e the spreadsheet-bound form submit event: range, values, namedValues
 */
function onFormSubmit(e) {
  const sheet = e.range.getSheet();
  const form = formOfSheet_(sheet);
  if (!form) {
    console.log('Tab "' + sheet.getName() + '" is not one of Hearth\'s forms: nothing relayed.');
    return;
  }
  const config = relayConfig_();
  const trusted = emailTrusted_(sheet, form, e.namedValues);
  const body = submissionBody_(form, e, sweepTimeZone_(SpreadsheetApp.getActive()), trusted);
  relay_(config, asciiJson_(body));
}

/**
 * Whether this response's email column may be trusted: it is titled as verified, and the form still collects
 * verified emails. A title left over from before the form was changed is put back (so the sweep reads the
 * row as typed too) and the email is not trusted.
 */
function emailTrusted_(sheet, name, namedValues) {
  if (!headerKey_(namedValues, VERIFIED_EMAIL_HEADER_)) return false;
  const form = openForm_(PropertiesService.getScriptProperties().getProperty(formIdKey_(name)));
  const verified = !!form && formState_(form, name).email === 'verified';
  if (!verified) markEmailColumn_(sheet, false);
  return verified;
}

/**
 * Titles the responses tab's email column as the form collects it: VERIFIED_EMAIL_HEADER_ while emails are
 * verified, Google's own title otherwise. Returns whether it is titled verified now.
 */
function markEmailColumn_(sheet, verified) {
  const width = sheet.getLastColumn();
  if (width < 1) return false;
  const header = sheet.getRange(1, 1, 1, width).getValues()[0];
  const at = header.findIndex(
    (title) => normalize_(title) === normalize_(EMAIL_HEADER_) || normalize_(title) === normalize_(VERIFIED_EMAIL_HEADER_),
  );
  if (at < 0) return false;
  const wanted = verified ? VERIFIED_EMAIL_HEADER_ : EMAIL_HEADER_;
  if (header[at] !== wanted) sheet.getRange(1, at + 1).setValue(wanted);
  return verified;
}

/** The key of namedValues with this title (ignoring case and punctuation), or ''. */
function headerKey_(namedValues, title) {
  const wanted = normalize_(title);
  return Object.keys(namedValues || {}).find((key) => normalize_(key) === wanted) || '';
}

/** FORMS_URL and FORM_RELAY_SECRET from Script Properties; throws with the fix when either is missing. */
function relayConfig_() {
  const props = PropertiesService.getScriptProperties();
  const url = String(props.getProperty('FORMS_URL') || '').trim();
  const secret = String(props.getProperty('FORM_RELAY_SECRET') || '');
  if (!/^https:\/\/\S+$/.test(url) || secret === '') {
    throw new Error(
      'Set the Script properties FORMS_URL (https://… of the forms function) and FORM_RELAY_SECRET ' +
        '(Project Settings → Script properties), then run setup again.',
    );
  }
  return { url: url, secret: secret };
}

/** Which Hearth form writes to this tab: by the form it is linked to, else by its name; null when neither. */
function formOfSheet_(sheet) {
  const props = PropertiesService.getScriptProperties();
  const linked = linkedFormId_(sheet);
  const byLink = FORM_NAMES_.find((name) => linked !== '' && props.getProperty(formIdKey_(name)) === linked);
  if (byLink) return byLink;
  const tab = normalize_(sheet.getName());
  return FORM_NAMES_.find((name) => normalize_(RESPONSE_TABS_[name]) === tab) || null;
}

/**
 * The body Hearth's forms door takes: the event's namedValues, the Timestamp as an ISO instant, and, when the
 * email column is `trusted` (verified), its email as respondentEmail. Untrusted, the column goes under Google's
 * plain title, as the sweep then reads it: a typed answer, never the respondent's identity.
 */
function submissionBody_(form, e, timeZone, trusted) {
  const body = { form: form, submittedAt: submittedAt_(e, timeZone) };
  const key = headerKey_(e.namedValues, VERIFIED_EMAIL_HEADER_);
  const namedValues = {};
  Object.keys(e.namedValues || {}).forEach((title) => {
    namedValues[title === key && !trusted ? EMAIL_HEADER_ : title] = e.namedValues[title];
  });
  const email = trusted && key && e.namedValues[key][0] ? String(e.namedValues[key][0]).trim() : '';
  if (email) body.respondentEmail = email;
  body.namedValues = namedValues;
  return body;
}

/**
 * The zone Hearth's sweep reads the responses tab in: Settings → Time zone (UTC when blank, like Hearth).
 * Provisioning makes the spreadsheet's own zone the same, so this is the zone its Timestamps are written in.
 */
function sweepTimeZone_(ss) {
  return readSettings_(ss).timeZone;
}

/**
 * The response's Timestamp as an ISO instant, read the way the sweep reads the row: the wall-clock time the
 * tab shows, in `timeZone`. The cell's own date comes first (any locale); the event's text is the fallback.
 */
function submittedAt_(e, timeZone) {
  const wall = timestampWall_(e);
  if (!wall) throw new Error('Cannot read the Timestamp of this response; Hearth\'s sweep will pick it up.');
  return Utilities.parseDate(wall, timeZone, 'yyyy-MM-dd HH:mm:ss').toISOString();
}

/** "yyyy-MM-dd HH:mm:ss" as the Timestamp cell shows it, or '' when it cannot be read. */
function timestampWall_(e) {
  const cell = e.range.getCell(1, 1).getValue();
  if (isDate_(cell)) {
    // A date from a serial can land a hair before the second (…06.999): Hearth rounds serials to the ms.
    const rounded = new Date(cell.getTime() + 1);
    const sheetZone = SpreadsheetApp.getActive().getSpreadsheetTimeZone();
    return Utilities.formatDate(rounded, sheetZone, 'yyyy-MM-dd HH:mm:ss');
  }
  const named = e.namedValues && e.namedValues.Timestamp;
  return wallFromText_(String((e.values && e.values[0]) || (named && named[0]) || ''));
}

/** "5/14/2024 18:21:07" (Sheets' default) or "2024-05-14 18:21:07" as "2024-05-14 18:21:07"; else ''. */
function wallFromText_(text) {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  const p = us ? [us[3], us[1], us[2], us[4], us[5], us[6]] : iso ? iso.slice(1) : null;
  if (!p || Number(p[1]) < 1 || Number(p[1]) > 12 || Number(p[2]) < 1 || Number(p[2]) > 31) return '';
  const two = (n) => String(n).padStart(2, '0');
  return p[0] + '-' + two(p[1]) + '-' + two(p[2]) + ' ' + two(p[3]) + ':' + p[4] + ':' + p[5];
}

/** JSON with every non-ASCII character escaped: the signed bytes are the sent bytes whatever the charset. */
function asciiJson_(value) {
  const escape = (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, escape);
}

/**
 * The relay's signature: "v1=" + hex HMAC-SHA256(secret, "v1:" + timestamp + ":" + body).
 * @param {string} secret FORM_RELAY_SECRET
 * @param {number} timestamp unix seconds, as sent in X-Form-Timestamp
 * @param {string} body the exact body sent
 * @return {string}
 */
function signature(secret, timestamp, body) {
  const text = 'v1:' + timestamp + ':' + body;
  const bytes = Utilities.computeHmacSha256Signature(text, secret, Utilities.Charset.UTF_8);
  // Apps Script's bytes are signed (-128..127).
  return 'v1=' + bytes.map((b) => (b & 0xff).toString(16).padStart(2, '0')).join('');
}

/**
 * Posts the body until Hearth has it: network errors, 429 and 5xx are tried again with backoff, other
 * answers are final. 2xx and 422 (invalid answers, still recorded) return the status; anything else throws.
 */
function relay_(config, body) {
  for (let attempt = 1; ; attempt++) {
    const outcome = post_(config, body);
    if (!outcome.retry || attempt >= RELAY_ATTEMPTS_) return settle_(outcome, attempt);
    console.warn('Relay attempt ' + attempt + ' failed (' + describe_(outcome) + '); trying again.');
    Utilities.sleep(RELAY_BACKOFF_MS_ * Math.pow(2, attempt - 1));
  }
}

/** One signed POST: its status (0 when the request failed), the server's reason and whether to retry. */
function post_(config, body) {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = UrlFetchApp.fetch(config.url, {
      method: 'post',
      contentType: 'application/json',
      payload: body,
      headers: {
        'X-Form-Timestamp': String(timestamp),
        'X-Form-Signature': signature(config.secret, timestamp, body),
      },
      muteHttpExceptions: true,
    });
    const status = response.getResponseCode();
    return { status: status, reason: reasonOf_(response), retry: status === 429 || status >= 500 };
  } catch (error) {
    return { status: 0, reason: String((error && error.message) || error), retry: true };
  }
}

/** The server's reason: the `error` (and `fix`) of its JSON answer, else the start of its text. */
function reasonOf_(response) {
  const text = String(response.getContentText() || '');
  try {
    const json = JSON.parse(text);
    if (json && json.error) return json.error + (json.fix ? ' (' + json.fix + ')' : '');
  } catch (error) {
    // not JSON
  }
  return text.slice(0, 300);
}

/** Logs the last outcome; throws unless Hearth has the response (2xx) or recorded it as invalid (422). */
function settle_(outcome, attempts) {
  if (outcome.status >= 200 && outcome.status < 300) {
    console.log('Relayed to Hearth (HTTP ' + outcome.status + ').');
    return outcome.status;
  }
  if (outcome.status === 422) {
    console.error('Hearth recorded the response, but some answers are not valid: ' + describe_(outcome));
    return outcome.status;
  }
  console.error('Hearth did not take the response: ' + describe_(outcome) + ', attempts: ' + attempts);
  throw new Error('Form response not relayed (' + describe_(outcome) + '); Hearth\'s sweep will pick it up.');
}

/** "HTTP 401: reason" or "network error: message", for logs. Never contains the secret. */
function describe_(outcome) {
  return (outcome.status ? 'HTTP ' + outcome.status : 'network error') + ': ' + outcome.reason;
}

// ---- the RSVP form's Event dropdown ----------------------------------------------------------------------

/** Time trigger: the RSVP form's Event choices become the upcoming announced events; closed when none. */
function syncEventChoices() {
  const ss = SpreadsheetApp.getActive();
  const form = openForm_(PropertiesService.getScriptProperties().getProperty(formIdKey_('rsvp')));
  const item = form ? itemTitled_(form, 'Event') : null;
  if (!item || item.getType() !== FormApp.ItemType.LIST) {
    console.warn('No RSVP form with an "Event" dropdown: run setup.');
    return;
  }
  const events = sheetNamed_(ss, 'Events');
  const grid = events ? events.getDataRange().getValues() : [];
  const labels = eventChoices_(grid, ss.getSpreadsheetTimeZone(), readSettings_(ss).timeZone, new Date());
  setEventChoices_(form, item.asListItem(), labels);
  recordFormStatus_(ss);
}

/**
 * Writes each form's state to the "Form status" tab (npm run doctor reads it) and titles the RSVP tab's email
 * column as the form collects it now. Runs with setup() and every sync.
 */
function recordFormStatus_(ss) {
  const props = PropertiesService.getScriptProperties();
  const now = new Date();
  const rows = FORM_NAMES_.map((name) => {
    const form = openForm_(props.getProperty(formIdKey_(name)));
    if (!form) return [name, '', 'No', 'No', EMAIL_STATES_.unknown, now];
    const state = formState_(form, name);
    if (name === 'rsvp') {
      const tab = ss.getSheets().find((sheet) => linkedFormId_(sheet) === form.getId());
      if (tab) markEmailColumn_(tab, state.email === 'verified');
    }
    const yes = (flag) => (flag ? 'Yes' : 'No');
    return [name, form.getPublishedUrl(), yes(state.published), yes(state.accepting), EMAIL_STATES_[state.email], now];
  });
  const sheet = sheetNamed_(ss, STATUS_TAB_) || ss.insertSheet(STATUS_TAB_);
  sheet.clearContents();
  sheet.getRange(1, 1, rows.length + 1, STATUS_HEADERS_.length).setValues([STATUS_HEADERS_].concat(rows));
}

/** Writes the choices only when they changed, and accepts RSVPs only while there is an event to choose. */
function setEventChoices_(form, item, labels) {
  const wanted = labels.length > 0 ? labels : [NO_EVENTS_];
  const current = item.getChoices().map((choice) => choice.getValue());
  if (current.join('\n') !== wanted.join('\n')) item.setChoiceValues(wanted);
  if (form.isAcceptingResponses() !== labels.length > 0) {
    form.setCustomClosedFormMessage('There are no upcoming events to RSVP for right now. Check back soon!');
    form.setAcceptingResponses(labels.length > 0);
  }
}

/**
 * Dropdown labels for the Announced events that have not started, soonest first, like
 * "Winter meetup — Thu 3 Dec 18:30 (EV-12)": Hearth reads the Event ID in the parentheses.
 * @param {Array<Array<*>>} grid the Events tab, header row first (headers matched ignoring case and spacing)
 * @param {string} sheetTimeZone the zone the spreadsheet turns date cells into Dates with
 * @param {string} groupTimeZone Settings → Time zone, the zone Hearth reads the times in
 * @param {Date} now
 * @return {string[]}
 */
function eventChoices_(grid, sheetTimeZone, groupTimeZone, now) {
  const header = grid[0] || [];
  const col = (title) => header.findIndex((cell) => normalize_(cell) === normalize_(title));
  const at = { id: col('Event ID'), title: col('Title'), starts: col('Starts'), status: col('Status') };
  if (at.id < 0 || at.title < 0 || at.starts < 0 || at.status < 0) return [];
  const nowWall = Utilities.formatDate(now, groupTimeZone, 'yyyy-MM-dd HH:mm');
  return grid
    .slice(1)
    .map((row) => ({
      id: text_(row[at.id]).toUpperCase(),
      title: text_(row[at.title]),
      status: normalize_(row[at.status]),
      wall: wallClock_(row[at.starts], sheetTimeZone),
    }))
    .filter((event) => /^EV-\d{1,9}$/.test(event.id) && event.status === 'announced' && event.wall > nowWall)
    .sort((a, b) => (a.wall < b.wall ? -1 : a.wall > b.wall ? 1 : 0))
    .map((event) => (event.title || 'Event') + ' — ' + wallLabel_(event.wall) + ' (' + event.id + ')');
}

/** A Starts cell as the wall-clock time it shows, "yyyy-MM-dd HH:mm"; '' when it is not a date and time. */
function wallClock_(value, sheetTimeZone) {
  if (isDate_(value)) return Utilities.formatDate(value, sheetTimeZone, 'yyyy-MM-dd HH:mm');
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})/.exec(text_(value));
  return match ? match[1] + ' ' + match[2].padStart(2, '0') + ':' + match[3] : '';
}

/** "2026-12-03 18:30" as "Thu 3 Dec 18:30". */
function wallLabel_(wall) {
  const p = wall.split(/[- :]/).map(Number);
  const date = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return days[date.getUTCDay()] + ' ' + p[2] + ' ' + months[p[1] - 1] + ' ' + wall.slice(11, 16);
}

// ---- reading the spreadsheet ------------------------------------------------------------------------------

/**
 * The few settings the forms need, from the Settings tab (Setting | Value): group name, time zone (UTC when
 * blank, as Hearth reads it), Slack invite link, ground rules (one a line) and their link.
 */
function readSettings_(ss) {
  const values = settingValues_(ss);
  return {
    groupName: values.groupname || ss.getName(),
    timeZone: values.timezone || 'UTC',
    slackInviteLink: values.slackinvitelink || '',
    groundRules: groundRules_(values.groundrules || ''),
    groundRulesLink: values.groundruleslink || '',
  };
}

/** Settings values by normalized setting name ("Time zone" → timezone). */
function settingValues_(ss) {
  const sheet = sheetNamed_(ss, 'Settings');
  const grid = sheet ? sheet.getDataRange().getValues() : [];
  const header = grid[0] || [];
  const key = header.findIndex((cell) => normalize_(cell) === 'setting');
  const value = header.findIndex((cell) => normalize_(cell) === 'value');
  const values = {};
  if (key < 0 || value < 0) return values;
  grid.slice(1).forEach((row) => {
    values[normalize_(row[key])] = text_(row[value]);
  });
  return values;
}

/** One rule a line; blank lines and leading bullets or numbers dropped, as Hearth reads them. */
function groundRules_(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•·–—]+\s*|\(?\d+[.)](?=\s|$))/, '').trim())
    .filter((line) => line !== '');
}

/** The tab with this name, ignoring case, spacing and punctuation; null when there is none. */
function sheetNamed_(ss, name) {
  const wanted = normalize_(name);
  return ss.getSheets().find((sheet) => normalize_(sheet.getName()) === wanted) || null;
}

/** A cell as trimmed text; '' for an empty one. */
function text_(value) {
  return value === null || value === undefined ? '' : String(value).trim();
}

/** A header or name compared as Hearth compares them: letters and digits only, lower case. */
function normalize_(text) {
  return text_(text)
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether a cell value is a (valid) Date, whichever realm made it. */
function isDate_(value) {
  return Object.prototype.toString.call(value) === '[object Date]' && !isNaN(value.getTime());
}
