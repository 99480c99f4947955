; Inno Setup recipe for kapjournal on Windows, from the PyInstaller folder build
; (dist\kapjournal). Built by .github/workflows/package.yml on a hosted Windows runner:
;   iscc /DVersion=0.1.0 packaging\windows\kapjournal.iss
; The journal lives in the user's data folder (%LOCALAPPDATA%\kapjournal), never in the
; install folder, and uninstalling never touches it.

#ifndef Version
  #define Version "0.0.0"
#endif

[Setup]
AppId={{7B0F8E36-2C2B-4E57-9F6A-6B1C1E5D9A41}
AppName=kapjournal
AppVersion={#Version}
AppPublisher=kapjournal
DefaultDirName={autopf}\kapjournal
DefaultGroupName=kapjournal
DisableProgramGroupPage=yes
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=kapjournal-{#Version}-windows-setup
SetupIconFile=kapjournal.ico
UninstallDisplayIcon={app}\kapjournal.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
LicenseFile=..\..\LICENSE
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\kapjournal\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\kapjournal"; Filename: "{app}\kapjournal.exe"
Name: "{autodesktop}\kapjournal"; Filename: "{app}\kapjournal.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Run]
Filename: "{app}\kapjournal.exe"; Description: "{cm:LaunchProgram,kapjournal}"; Flags: nowait postinstall skipifsilent
