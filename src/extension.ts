import * as vscode from 'vscode';

export async function activate(_context: vscode.ExtensionContext): Promise<void> {
  // Wiring lands in the next commits (tree, credentials, commands).
}

export function deactivate(): void {}
