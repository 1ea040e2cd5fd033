// Reading users, roles, permissions and role holders all need one permission of the key's owner (or scope):
// the text every dataset declares and every missing-permission message quotes.
export const USER_ACCESS_READ = 'user_access_read (User Access Read) for the application key';
