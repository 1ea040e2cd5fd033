// Word lists the Okta org generator draws from. A few names carry apostrophes, hyphens and diacritics
// on purpose: exports, CSV neutralisation and identity linking must cope with them.

// prettier-ignore
export const FIRST_NAMES = [
  'Aaliyah', 'Aaron', 'Abigail', 'Adam', 'Aiden', 'Alejandro', 'Alexander', 'Alice', 'Amara', 'Amelia',
  'Ana', 'Andrew', 'Anika', 'Anthony', 'Aria', 'Arjun', 'Ava', 'Benjamin', 'Bianca', 'Brandon', 'Caleb',
  'Camila', 'Carlos', 'Charlotte', 'Chen', 'Chloe', 'Christopher', 'Daniel', 'David', 'Diego', 'Dmitri',
  'Elena', 'Elijah', 'Ella', 'Emily', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Freya', 'Gabriel', 'Grace',
  'Hana', 'Hannah', 'Harper', 'Henry', 'Hiroshi', 'Ibrahim', 'Isaac', 'Isabella', 'Jack', 'Jacob', 'James',
  'Jamal', 'Jasmine', 'Javier', 'Jayden', 'Ji-woo', 'John', 'Jordan', 'José', 'Joseph', 'Julia', 'Kai',
  'Kavya', 'Kenji', 'Layla', 'Leah', 'Leo', 'Liam', 'Lily', 'Logan', 'Lucas', 'Lucía', 'Luna', 'Madison',
  'Maria', 'Mateo', 'Maya', 'Mei', 'Mia', 'Michael', 'Mohammed', 'Nadia', 'Naomi', 'Nathan', 'Noah', 'Nora',
  'Olivia', 'Omar', 'Oscar', 'Priya', 'Rafael', 'Ravi', 'Riley', 'Rosa', 'Ryan', 'Samuel', 'Santiago',
  'Sara', 'Sebastian', 'Sofia', 'Sophia', 'Sun', 'Thomas', 'Valentina', 'Victoria', 'William', 'Yara', 'Zoe',
] as const;

// prettier-ignore
export const LAST_NAMES = [
  'Abbott', 'Adeyemi', 'Ahmed', 'Alvarez', 'Anderson', 'Bailey', 'Baker', 'Bennett', 'Brooks', 'Brown',
  'Campbell', 'Carter', 'Castillo', 'Chen', 'Clark', 'Collins', 'Cooper', 'Cruz', 'Davis', 'Diaz', 'Edwards',
  'Evans', 'Fischer', 'Flores', 'Foster', 'García', 'Gomez', 'Gonzalez', 'Gray', 'Green', 'Gupta', 'Hall',
  'Harris', 'Hernandez', 'Hill', 'Hughes', 'Ito', 'Jackson', 'James', 'Jensen', 'Johnson', 'Jones', 'Kaur',
  'Khan', 'Kim', 'King', 'Kowalski', 'Kumar', 'Lee', 'Lewis', 'Li', 'Lopez', 'Martin', 'Martinez', 'Mendoza',
  'Miller', 'Mitchell', 'Moore', 'Morales', 'Morgan', 'Müller', 'Murphy', 'Nakamura', 'Nelson', 'Nguyen',
  'Novak', "O'Brien", "O'Connor", 'Okafor', 'Ortiz', 'Park', 'Parker', 'Patel', 'Perez', 'Peterson',
  'Phillips', 'Ramirez', 'Reed', 'Reyes', 'Richardson', 'Rivera', 'Roberts', 'Robinson', 'Rodriguez',
  'Rossi', 'Sanchez', 'Schmidt', 'Scott', 'Shah', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Thomas',
  'Thompson', 'Torres', 'Turner', 'Walker', 'Wang', 'Ward', 'Watson', 'White', 'Williams', 'Wilson', 'Wong',
  'Wright', 'Yamamoto', 'Young', 'Zhang', 'Smith-Jones', 'van der Berg',
] as const;

export interface Department {
  name: string;
  /** Relative headcount: engineering and sales dominate real orgs. */
  weight: number;
  titles: readonly string[];
  teams: readonly string[];
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Engineering',
    weight: 30,
    titles: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager', 'SRE'],
    teams: ['Platform', 'Payments', 'Mobile', 'Data', 'Infrastructure', 'Frontend'],
  },
  {
    name: 'Sales',
    weight: 18,
    titles: ['Account Executive', 'Sales Development Rep', 'Sales Engineer', 'Regional Sales Director'],
    teams: ['EMEA', 'North America', 'APAC', 'Enterprise'],
  },
  {
    name: 'Customer Support',
    weight: 12,
    titles: ['Support Engineer', 'Support Team Lead', 'Customer Success Manager'],
    teams: ['Tier 1', 'Tier 2', 'Onboarding'],
  },
  {
    name: 'Marketing',
    weight: 8,
    titles: ['Marketing Manager', 'Content Strategist', 'Growth Analyst', 'Designer'],
    teams: ['Brand', 'Demand Gen', 'Product Marketing'],
  },
  {
    name: 'Product',
    weight: 6,
    titles: ['Product Manager', 'Senior Product Manager', 'Product Designer', 'UX Researcher'],
    teams: ['Core', 'Growth'],
  },
  {
    name: 'Finance',
    weight: 5,
    titles: ['Accountant', 'Financial Analyst', 'Controller', 'Payroll Specialist'],
    teams: ['Accounting', 'FP&A'],
  },
  {
    name: 'People',
    weight: 4,
    titles: ['HR Business Partner', 'Recruiter', 'People Operations Specialist'],
    teams: ['Recruiting', 'People Ops'],
  },
  {
    name: 'IT',
    weight: 4,
    titles: ['IT Administrator', 'Systems Engineer', 'Help Desk Technician', 'IT Manager'],
    teams: ['Help Desk', 'Identity'],
  },
  {
    name: 'Security',
    weight: 3,
    titles: ['Security Engineer', 'GRC Analyst', 'CISO'],
    teams: ['GRC', 'Detection & Response'],
  },
  {
    name: 'Legal',
    weight: 2,
    titles: ['Counsel', 'Paralegal', 'Privacy Officer'],
    teams: ['Privacy'],
  },
  {
    name: 'Operations',
    weight: 8,
    titles: ['Operations Manager', 'Business Analyst', 'Office Manager'],
    teams: ['Facilities', 'Procurement'],
  },
];

export type GeneratedSignOnMode = 'SAML_2_0' | 'OPENID_CONNECT' | 'BOOKMARK';

export interface AppTemplate {
  label: string;
  /** The app's `name`: the OIN key for catalogue apps, or Okta's fixed names for custom ones. */
  name: string;
  signOnMode: GeneratedSignOnMode;
  /** Provisioning-enabled apps report PROVISIONED/SYNCHRONIZED app users. */
  provisioning: boolean;
  url: string;
}

export const APP_TEMPLATES: readonly AppTemplate[] = [
  {
    label: 'Company Intranet',
    name: 'bookmark',
    signOnMode: 'BOOKMARK',
    provisioning: false,
    url: 'https://intranet.example.com',
  },
  {
    label: 'Salesforce',
    name: 'salesforce',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://example.my.salesforce.com',
  },
  {
    label: 'Slack',
    name: 'slack',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://example.slack.com',
  },
  {
    label: 'GitHub Enterprise Cloud',
    name: 'githubcloud',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://github.com/orgs/example',
  },
  {
    label: 'Zoom',
    name: 'zoomus',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://example.zoom.us',
  },
  {
    label: 'Internal Admin Portal',
    name: 'oidc_client',
    signOnMode: 'OPENID_CONNECT',
    provisioning: false,
    url: 'https://admin.internal.example.com',
  },
  {
    label: 'AWS IAM Identity Center',
    name: 'amazon_aws_sso',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://example.awsapps.com/start',
  },
  {
    label: 'Jira Software',
    name: 'atlassian',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://example.atlassian.net',
  },
  {
    label: 'Workday',
    name: 'workday',
    signOnMode: 'SAML_2_0',
    provisioning: false,
    url: 'https://wd5.myworkday.com/example',
  },
  {
    label: 'Datadog',
    name: 'datadog',
    signOnMode: 'SAML_2_0',
    provisioning: false,
    url: 'https://app.datadoghq.com',
  },
  {
    label: 'Expense Tracker',
    name: 'oidc_client',
    signOnMode: 'OPENID_CONNECT',
    provisioning: false,
    url: 'https://expenses.example.com',
  },
  {
    label: 'Zendesk',
    name: 'zendesk',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://example.zendesk.com',
  },
  {
    label: 'Benefits Portal',
    name: 'bookmark',
    signOnMode: 'BOOKMARK',
    provisioning: false,
    url: 'https://benefits.example.com',
  },
  {
    label: 'PagerDuty',
    name: 'pagerduty',
    signOnMode: 'SAML_2_0',
    provisioning: false,
    url: 'https://example.pagerduty.com',
  },
  {
    label: 'Box',
    name: 'boxnet',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://example.app.box.com',
  },
  { label: 'Figma', name: 'figma', signOnMode: 'SAML_2_0', provisioning: true, url: 'https://www.figma.com' },
  {
    label: 'Customer Portal',
    name: 'oidc_client',
    signOnMode: 'OPENID_CONNECT',
    provisioning: false,
    url: 'https://portal.example.com',
  },
  {
    label: 'DocuSign',
    name: 'docusign',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://account.docusign.com',
  },
  {
    label: 'Notion',
    name: 'notion',
    signOnMode: 'SAML_2_0',
    provisioning: false,
    url: 'https://www.notion.so',
  },
  {
    label: 'Snowflake',
    name: 'snowflake',
    signOnMode: 'SAML_2_0',
    provisioning: true,
    url: 'https://example.snowflakecomputing.com',
  },
];

export const ADMIN_ROLE_LABELS = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organization Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
  REPORT_ADMIN: 'Report Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
} as const;

export type AdminRoleType = keyof typeof ADMIN_ROLE_LABELS;
