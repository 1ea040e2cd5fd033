// Test Connection for Jira Cloud. `/myself` first: Jira treats a bad token as an anonymous caller on most
// paths (empty lists, 404s), so only /myself's 401 tells a bad credential apart. Then the global
// permissions the datasets need (`mypermissions`), and a one-row group listing to confirm.
import type { ConnectionStatus } from '../../../../src-shared/connection-status.ts';
import type { ConnectorContext } from '../types.ts';
import { JiraClient, testPolicy } from './jira-client.ts';
import { parseJiraTarget } from './jira-config.ts';
import { classifyJiraFailure } from './jira-errors.ts';
import { ADMINISTER, BROWSE_USERS } from './jira-permissions.ts';
import { jiraPermissions, jiraUser } from './jira-schemas.ts';

const failed = (f: {
  errorClass: ConnectionStatus['errorClass'];
  message: string;
  nextStep: string;
}): ConnectionStatus => ({
  status: 'failed',
  ...f,
  checkedAt: new Date().toISOString(),
});

export async function testJiraConnection(ctx: ConnectorContext): Promise<ConnectionStatus> {
  const parsed = parseJiraTarget(ctx.config);
  if (!parsed.ok)
    return failed({
      errorClass: 'missing_configuration',
      message: parsed.problem,
      nextStep: 'Edit the source, then Test Connection.',
    });
  const { target } = parsed;
  const client = JiraClient.open(ctx, target, testPolicy);
  try {
    const me = jiraUser.parse(await client.get('/myself'));
    const perms = jiraPermissions.parse(
      await client.get('/mypermissions', { permissions: 'ADMINISTER,USER_PICKER' }),
    ).permissions;
    const admin = perms.ADMINISTER?.havePermission === true;
    if (!admin && perms.USER_PICKER?.havePermission !== true) {
      return failed({
        errorClass: 'missing_permissions',
        message: `${target.email} lacks ${BROWSE_USERS}: Jira would refuse the user, group and member listings.`,
        nextStep: `Grant ${BROWSE_USERS} to a group of this account (or use a Jira administrator's account), then Test Connection.`,
      });
    }
    await client.get('/group/bulk', { maxResults: '1' });
    const roles = admin
      ? 'It administers Jira: project role actors are collected.'
      : `It lacks ${ADMINISTER}: project role actors will be partial.`;
    return {
      status: 'connected',
      errorClass: null,
      message: `Connected to ${target.host} as ${me.displayName ?? me.accountId}. ${roles} Jira does not report an API token's expiry: note the date you set when creating it.`,
      nextStep: null,
      checkedAt: new Date().toISOString(),
    };
  } catch (error) {
    return failed(classifyJiraFailure(error));
  } finally {
    await client.close();
  }
}
