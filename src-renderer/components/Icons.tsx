// The handful of line icons the UI uses (24px grid, stroke drawn with currentColor), so the app ships no
// icon font and loads nothing from the network.
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function icon(paths: string[], displayName: string) {
  function Icon({ size = 18, strokeWidth = 1.8, ...rest }: IconProps) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={strokeWidth}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const IconDashboard = icon(
  ['M4 4h6v8H4z', 'M4 16h6v4H4z', 'M14 12h6v8h-6z', 'M14 4h6v4h-6z'],
  'IconDashboard',
);
export const IconPlug = icon(['M9 7V3', 'M15 7V3', 'M6 7h12v4a6 6 0 0 1-12 0z', 'M12 17v4'], 'IconPlug');
export const IconPlus = icon(['M12 5v14', 'M5 12h14'], 'IconPlus');
export const IconFileCheck = icon(
  [
    'M14 3v4a1 1 0 0 0 1 1h4',
    'M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2z',
    'M9 15l2 2 4-4',
  ],
  'IconFileCheck',
);
export const IconSettings = icon(
  [
    'M10.3 4.3c.4-1.8 3-1.8 3.4 0a1.7 1.7 0 0 0 2.6 1.1c1.5-.9 3.3.8 2.4 2.4a1.7 1.7 0 0 0 1 2.5c1.9.5 1.9 3.1 0 3.5a1.7 1.7 0 0 0-1 2.6c.9 1.5-.9 3.3-2.4 2.4a1.7 1.7 0 0 0-2.6 1c-.4 1.9-3 1.9-3.4 0a1.7 1.7 0 0 0-2.6-1c-1.5.9-3.3-.9-2.4-2.4a1.7 1.7 0 0 0-1-2.6c-1.9-.4-1.9-3 0-3.5a1.7 1.7 0 0 0 1-2.5c-.9-1.6.9-3.3 2.4-2.4a1.7 1.7 0 0 0 2.6-1.1z',
    'M9 12a3 3 0 1 0 6 0a3 3 0 0 0-6 0',
  ],
  'IconSettings',
);
export const IconShieldCheck = icon(
  ['M12 3a12 12 0 0 0 8.5 3A12 12 0 0 1 12 21 12 12 0 0 1 3.5 6 12 12 0 0 0 12 3', 'M9 12l2 2 4-4'],
  'IconShieldCheck',
);
export const IconRefresh = icon(
  ['M20 11A8.1 8.1 0 0 0 4.5 9M4 5v4h4', 'M4 13a8.1 8.1 0 0 0 15.5 2m.5 4v-4h-4'],
  'IconRefresh',
);
export const IconActivity = icon(['M3 12h4l3 8 4-16 3 8h4'], 'IconActivity');
export const IconKey = icon(
  [
    'M16.6 3.4l4 4a2 2 0 0 1 0 2.8l-2.9 2.9a2 2 0 0 1-2.8 0l-.3-.3-6.4 6.4a2 2 0 0 1-1.4.6H5a1 1 0 0 1-1-1v-1.8a2 2 0 0 1 .6-1.4l6.4-6.4-.3-.3a2 2 0 0 1 0-2.8l2.9-2.9a2 2 0 0 1 2.8 0z',
    'M15 9h.01',
  ],
  'IconKey',
);
export const IconTrash = icon(
  [
    'M4 7h16',
    'M10 11v6',
    'M14 11v6',
    'M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12',
    'M9 7V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v3',
  ],
  'IconTrash',
);
export const IconAlertTriangle = icon(
  [
    'M12 9v4',
    'M10.4 3.9L2.3 18a1.9 1.9 0 0 0 1.6 2.9h16.2a1.9 1.9 0 0 0 1.6-2.9L13.6 3.9a1.9 1.9 0 0 0-3.2 0z',
    'M12 16h.01',
  ],
  'IconAlertTriangle',
);
export const IconCheck = icon(['M5 12l5 5L20 7'], 'IconCheck');
export const IconCircleCheck = icon(
  ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M9 12l2 2 4-4'],
  'IconCircleCheck',
);
export const IconCircleX = icon(
  ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M10 10l4 4m0-4l-4 4'],
  'IconCircleX',
);
export const IconCopy = icon(
  [
    'M8 10a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-8a2 2 0 0 1-2-2z',
    'M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2',
  ],
  'IconCopy',
);
export const IconDownload = icon(
  ['M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2', 'M7 11l5 5 5-5', 'M12 4v12'],
  'IconDownload',
);
export const IconBook = icon(
  [
    'M3 19a9 9 0 0 1 9 0 9 9 0 0 1 9 0',
    'M3 6a9 9 0 0 1 9 0 9 9 0 0 1 9 0',
    'M3 6v13',
    'M12 6v13',
    'M21 6v13',
  ],
  'IconBook',
);
export const IconDots = icon(['M5 12h.01', 'M12 12h.01', 'M19 12h.01'], 'IconDots');
export const IconSun = icon(
  [
    'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
    'M3 12h1m8-9v1m8 8h1m-9 8v1M5.6 5.6l.7.7m12.1-.7l-.7.7m0 11.4l.7.7m-12.1-.7l-.7.7',
  ],
  'IconSun',
);
export const IconMoon = icon(['M12 3h.4a7.5 7.5 0 0 0 7.9 12.4A9 9 0 1 1 12 3z'], 'IconMoon');
export const IconChevronRight = icon(['M9 6l6 6-6 6'], 'IconChevronRight');
export const IconArrowLeft = icon(['M5 12h14', 'M5 12l6 6', 'M5 12l6-6'], 'IconArrowLeft');
export const IconClock = icon(['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M12 7v5l3 3'], 'IconClock');
export const IconDatabase = icon(
  [
    'M4 6c0 1.7 3.6 3 8 3s8-1.3 8-3-3.6-3-8-3-8 1.3-8 3',
    'M4 6v6c0 1.7 3.6 3 8 3s8-1.3 8-3V6',
    'M4 12v6c0 1.7 3.6 3 8 3s8-1.3 8-3v-6',
  ],
  'IconDatabase',
);
export const IconPackage = icon(
  ['M12 3l8 4.5v9L12 21l-8-4.5v-9z', 'M12 12l8-4.5', 'M12 12v9', 'M12 12L4 7.5', 'M16 5.3L8 9.8'],
  'IconPackage',
);
export const IconSearch = icon(['M10 3a7 7 0 1 0 0 14 7 7 0 0 0 0-14z', 'M21 21l-6-6'], 'IconSearch');
export const IconLock = icon(
  ['M5 13a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2z', 'M8 11V7a4 4 0 1 1 8 0v4'],
  'IconLock',
);
export const IconCalendar = icon(
  ['M4 7a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z', 'M16 3v4', 'M8 3v4', 'M4 11h16'],
  'IconCalendar',
);
export const IconPalette = icon(
  [
    'M12 21a9 9 0 0 1 0-18c5 0 9 3.6 9 8a5 5 0 0 1-5 5h-2.5a2 2 0 0 0-1 3.8 1.3 1.3 0 0 1-.5 1.2H12',
    'M7.5 10.5h.01',
    'M12 7.5h.01',
    'M16.5 10.5h.01',
  ],
  'IconPalette',
);
export const IconUpload = icon(
  ['M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2', 'M7 9l5-5 5 5', 'M12 4v12'],
  'IconUpload',
);
export const IconInfo = icon(
  ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M12 8h.01', 'M11 12h1v4h1'],
  'IconInfo',
);
export const IconExternal = icon(
  ['M12 6H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6', 'M11 13l9-9', 'M15 4h5v5'],
  'IconExternal',
);
export const IconUsers = icon(
  [
    'M9 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
    'M3 20v-1a5 5 0 0 1 5-5h2a5 5 0 0 1 5 5v1',
    'M16 4.1a4 4 0 0 1 0 7.8',
    'M21 20v-1a5 5 0 0 0-3.5-4.8',
  ],
  'IconUsers',
);
export const IconLink = icon(
  ['M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1', 'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'],
  'IconLink',
);
