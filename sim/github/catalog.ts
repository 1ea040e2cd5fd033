// Word lists the GitHub org generator draws from. Names carry apostrophes, hyphens and diacritics on
// purpose, as real profiles do: linking a GitHub profile name to an IdP user must cope with them.

// prettier-ignore
export const FIRST_NAMES = [
  'Aaliyah', 'Aaron', 'Abigail', 'Adam', 'Aiden', 'Alejandro', 'Alexander', 'Alice', 'Amara', 'Amelia',
  'Ana', 'Andrew', 'Anika', 'Anthony', 'Aria', 'Arjun', 'Ava', 'Benjamin', 'Bianca', 'Brandon', 'Caleb',
  'Camila', 'Carlos', 'Charlotte', 'Chen', 'Chloe', 'Christopher', 'Daniel', 'David', 'Diego', 'Dmitri',
  'Elena', 'Elijah', 'Ella', 'Emily', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Freya', 'Gabriel', 'Grace',
  'Hana', 'Hannah', 'Harper', 'Henry', 'Hiroshi', 'Ibrahim', 'Isaac', 'Isabella', 'Jack', 'Jacob', 'James',
  'Jamal', 'Jasmine', 'Javier', 'Ji-woo', 'John', 'Jordan', 'José', 'Joseph', 'Julia', 'Kai', 'Kavya',
  'Kenji', 'Layla', 'Leah', 'Leo', 'Liam', 'Lily', 'Logan', 'Lucas', 'Lucía', 'Luna', 'Maria', 'Mateo',
  'Maya', 'Mei', 'Mia', 'Michael', 'Mohammed', 'Nadia', 'Naomi', 'Nathan', 'Noah', 'Nora', 'Olivia', 'Omar',
  'Oscar', 'Priya', 'Rafael', 'Ravi', 'Riley', 'Rosa', 'Ryan', 'Samuel', 'Santiago', 'Sara', 'Sebastian',
  'Sofia', 'Sun', 'Thomas', 'Valentina', 'Victoria', 'William', 'Yara', 'Zoe',
] as const;

// prettier-ignore
export const LAST_NAMES = [
  'Abbott', 'Adeyemi', 'Ahmed', 'Alvarez', 'Anderson', 'Bailey', 'Baker', 'Bennett', 'Brooks', 'Brown',
  'Campbell', 'Carter', 'Castillo', 'Chen', 'Clark', 'Collins', 'Cooper', 'Cruz', 'Davis', 'Diaz', 'Evans',
  'Fischer', 'Flores', 'Foster', 'García', 'Gomez', 'Gray', 'Green', 'Gupta', 'Hall', 'Harris', 'Hernandez',
  'Hill', 'Hughes', 'Ito', 'Jackson', 'Jensen', 'Johnson', 'Jones', 'Kaur', 'Khan', 'Kim', 'King',
  'Kowalski', 'Kumar', 'Lee', 'Lewis', 'Li', 'Lopez', 'Martin', 'Mendoza', 'Miller', 'Mitchell', 'Moore',
  'Morales', 'Morgan', 'Müller', 'Murphy', 'Nakamura', 'Nelson', 'Nguyen', 'Novak', "O'Brien", 'Okafor',
  'Ortiz', 'Park', 'Parker', 'Patel', 'Perez', 'Peterson', 'Ramirez', 'Reed', 'Reyes', 'Rivera', 'Roberts',
  'Rossi', 'Sanchez', 'Schmidt', 'Scott', 'Shah', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Thomas',
  'Torres', 'Turner', 'Walker', 'Wang', 'Ward', 'Watson', 'White', 'Williams', 'Wilson', 'Wong', 'Wright',
  'Yamamoto', 'Young', 'Zhang', 'Smith-Jones', 'van der Berg',
] as const;

/** Handles people pick that have nothing to do with their names. */
// prettier-ignore
export const HANDLE_WORDS = [
  'octo', 'pixel', 'byte', 'quantum', 'ninja', 'rust', 'vim', 'lambda', 'turbo', 'cosmic', 'null',
  'kernel', 'neon', 'echo', 'delta', 'hex', 'shell', 'atlas', 'nova', 'zen', 'orbit', 'cipher', 'spark',
  'maple', 'fox', 'owl', 'panda', 'tiger', 'wolf', 'yak', 'koala', 'otter', 'lynx', 'raven', 'badger',
] as const;

export const DEPARTMENT_TEAMS: ReadonlyArray<{ name: string; weight: number; children: readonly string[] }> =
  [
    {
      name: 'Engineering',
      weight: 40,
      children: ['Platform', 'Payments', 'Mobile', 'Data', 'Infrastructure', 'Frontend', 'Security'],
    },
    { name: 'Product', weight: 8, children: ['Design', 'Research'] },
    { name: 'Data Science', weight: 6, children: ['ML', 'Analytics'] },
    { name: 'IT', weight: 5, children: ['Helpdesk', 'Identity'] },
    { name: 'Customer Support', weight: 8, children: ['Tier 2', 'Tooling'] },
    { name: 'Sales Engineering', weight: 6, children: ['Demos', 'Integrations'] },
    { name: 'Documentation', weight: 3, children: [] },
    { name: 'Leadership', weight: 1, children: [] },
  ];

// prettier-ignore
export const REPO_PREFIXES = [
  'payments', 'billing', 'auth', 'identity', 'web', 'mobile', 'ios', 'android', 'data', 'ml', 'infra',
  'platform', 'search', 'checkout', 'catalog', 'inventory', 'shipping', 'notifications', 'analytics',
  'reporting', 'admin', 'docs', 'design-system', 'gateway', 'ledger', 'fraud', 'support', 'crm', 'growth',
] as const;

// prettier-ignore
export const REPO_SUFFIXES = [
  'api', 'service', 'worker', 'frontend', 'ui', 'sdk', 'cli', 'terraform', 'helm', 'pipeline', 'jobs',
  'lib', 'proto', 'schemas', 'e2e', 'infra', 'dashboards', 'bot', 'docs', 'migrations',
] as const;

export const LANGUAGES = ['TypeScript', 'Go', 'Python', 'Java', 'Kotlin', 'Swift', 'Ruby', 'HCL', 'Rust'];
