// What a generated IAM Identity Center instance holds.

export interface AwsUserRecord {
  userId: string;
  userName: string;
  displayName: string;
  givenName: string;
  familyName: string;
  email: string;
  /** SCIM-provisioned users carry the IdP's id. */
  externalId: { issuer: string; id: string } | null;
  status: 'ENABLED' | 'DISABLED';
  title: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AwsGroupRecord {
  groupId: string;
  displayName: string;
  description: string | null;
  externalId: { issuer: string; id: string } | null;
}

export interface AwsMembershipRecord {
  membershipId: string;
  groupId: string;
  userId: string;
}

export interface AwsPermissionSetRecord {
  arn: string;
  name: string;
  description: string | null;
  sessionDuration: string;
  createdDate: number;
  managedPolicies: Array<{ Name: string; Arn: string }>;
  customerManagedPolicies: Array<{ Name: string; Path: string }>;
  inlinePolicy: string;
}

export interface AwsAssignmentRecord {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

export interface GeneratedAwsOrg {
  instanceArn: string;
  identityStoreId: string;
  managementAccountId: string;
  accounts: string[];
  users: AwsUserRecord[];
  groups: AwsGroupRecord[];
  memberships: AwsMembershipRecord[];
  permissionSets: AwsPermissionSetRecord[];
  assignments: AwsAssignmentRecord[];
}
