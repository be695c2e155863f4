; Inno Setup script for VCOP Desktop: a per-user installer that needs no administrator rights.
;
; NOT TESTED: written without a Windows machine. To build the installer on Windows:
;   1. py -3.11 -m venv .venv && .venv\Scripts\pip install -e .[package]
;   2. .venv\Scripts\python packaging\build.py            (makes dist\vcop-desktop\)
;   3. .venv\Scripts\python packaging\smoke_test.py dist\vcop-desktop
;   4. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\vcop-desktop.iss
; The installer is written to dist\installer\vcop-desktop-<version>-setup.exe.
; For charities, sign both the executables and the installer (signtool, an OV/EV certificate);
; unsigned installers trigger SmartScreen warnings that users are rightly taught to fear.
;
; What it installs: the PyInstaller onedir bundle into %LOCALAPPDATA%\Programs\VCOP Desktop
; (per user, so no UAC prompt), a Start menu shortcut to the windowed vcop-desktop.exe, an
; optional desktop shortcut, and an uninstaller (Settings > Apps). vcop-desktop-cli.exe, the
; console twin, is installed beside it for command-line use.
;
; What the uninstaller leaves: the encrypted workspace and settings, which live in the user's
; data folders (%LOCALAPPDATA%\vcop-desktop), never in the program folder. Case data must
; not disappear because the program was removed or reinstalled.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "VCOP Desktop"
#define AppExe "vcop-desktop.exe"
#define BundleDir "..\..\dist\vcop-desktop"

[Setup]
LicenseFile=..\..\LICENSE
; AppId identifies the app across upgrades: never change it.
AppId={{548C69D5-FB65-46CE-A951-07DB295CF829}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=VCOP Desktop contributors
AppCopyright=Free software under the GNU GPL version 3 or later
; Per-user install: {autopf} is %LOCALAPPDATA%\Programs when running without admin rights.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\..\resources\icons\vcop-desktop.ico
OutputDir=..\..\dist\installer
OutputBaseFilename=vcop-desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running copy before replacing its files (the app holds case locks while open).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle: both executables and the _internal folder (Python, Qt, rule packs...).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Victims' Code duties, deadlines and letters"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program folder may gain at run time (Python caches); never user data.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
