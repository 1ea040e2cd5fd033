// Word lists the GitLab instance generator draws from: people's names (the kit adds non-Latin scripts),
// subgroup and project names of a software company.

// prettier-ignore
export const FIRST_NAMES = [
  'Aaron', 'Abigail', 'Adam', 'Alejandro', 'Alice', 'Amara', 'Amelia', 'Ana', 'Anika', 'Aria', 'Arjun',
  'Benjamin', 'Bianca', 'Caleb', 'Camila', 'Carlos', 'Charlotte', 'Chloe', 'Daniel', 'David', 'Diego',
  'Elena', 'Elijah', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Freya', 'Gabriel', 'Grace', 'Hana', 'Henry',
  'Ibrahim', 'Isaac', 'Jack', 'Jamal', 'Jasmine', 'Javier', 'Ji-woo', 'Jordan', 'José', 'Julia', 'Kai',
  'Kenji', 'Layla', 'Leo', 'Liam', 'Lucas', 'Lucía', 'Maria', 'Mateo', 'Maya', 'Mei', 'Noah', 'Nora',
  'Olivia', 'Omar', 'Priya', 'Rafael', 'Ravi', 'Rosa', 'Samuel', 'Sofia', 'Thomas', 'Valentina', 'Zoe',
] as const;

// prettier-ignore
export const LAST_NAMES = [
  'Abbott', 'Adeyemi', 'Ahmed', 'Alvarez', 'Anderson', 'Bailey', 'Bennett', 'Brooks', 'Campbell', 'Chen',
  'Clark', 'Cruz', 'Davis', 'Evans', 'Fischer', 'Flores', 'García', 'Gupta', 'Hall', 'Hughes', 'Ito',
  'Jensen', 'Kaur', 'Khan', 'Kim', 'Kowalski', 'Kumar', 'Lee', 'Lopez', 'Martin', 'Müller', 'Murphy',
  'Nakamura', 'Nguyen', 'Novak', "O'Brien", 'Okafor', 'Park', 'Patel', 'Rossi', 'Schmidt', 'Shah', 'Singh',
  'Tanaka', 'Torres', 'Walker', 'Wang', 'Wong', 'Yamamoto', 'Zhang', 'Smith-Jones', 'van der Berg',
] as const;

// prettier-ignore
export const SUBGROUP_NAMES = [
  'Platform', 'Payments', 'Mobile', 'Data', 'Security', 'Infrastructure', 'Frontend', 'Backend', 'Growth',
  'Identity', 'Billing', 'Search', 'Observability', 'Developer Experience', 'Machine Learning', 'QA',
] as const;

// prettier-ignore
export const PROJECT_WORDS = [
  'api', 'web', 'gateway', 'worker', 'ledger', 'auth', 'events', 'cli', 'sdk', 'terraform', 'charts',
  'pipeline', 'docs', 'scheduler', 'notifier', 'exporter', 'console', 'agent', 'proxy', 'catalog',
] as const;
