import type { ComponentType } from 'react';
import { AuditScreen } from './features/audit/AuditScreen.js';
import { BackupsScreen } from './features/backups/BackupsScreen.js';
import { DocumentsScreen } from './features/documents/DocumentsScreen.js';
import { MessagesScreen } from './features/messages/MessagesScreen.js';
import { SigningScreen } from './features/signing/SigningScreen.js';
import { TokenScreen } from './features/token/TokenScreen.js';
import { ZonesScreen } from './features/zones/ZonesScreen.js';
import type { ScreenId } from './navigation.js';

/** The screen behind each navigation entry: a new screen is one line here (the compiler asks for it). */
export const SCREENS: Readonly<Record<ScreenId, ComponentType>> = {
  messages: MessagesScreen,
  documents: DocumentsScreen,
  signing: SigningScreen,
  backups: BackupsScreen,
  zones: ZonesScreen,
  token: TokenScreen,
  audit: AuditScreen,
};
