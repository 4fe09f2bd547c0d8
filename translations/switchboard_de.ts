<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>sb::monitor::Monitor</name>
    <message>
        <source>argument %1 is not one JSON value</source>
        <translation>Argument %1 ist nicht genau ein JSON-Wert</translation>
    </message>
    <message>
        <source>argument %1 uses the reserved key _placeholder</source>
        <translation>Argument %1 verwendet den reservierten Schlüssel _placeholder</translation>
    </message>
    <message>
        <source>an event name is needed</source>
        <translation>Ein Ereignisname wird benötigt</translation>
    </message>
    <message>
        <source>%1 is a reserved event name</source>
        <translation>%1 ist ein reservierter Ereignisname</translation>
    </message>
    <message>
        <source>no namespace %1</source>
        <translation>kein Namespace %1</translation>
    </message>
    <message>
        <source>no room chosen</source>
        <translation>kein Raum gewählt</translation>
    </message>
    <message>
        <source>none of the chosen sockets is connected</source>
        <translation>keiner der gewählten Sockets ist verbunden</translation>
    </message>
    <message>
        <source>no room given</source>
        <translation>kein Raum angegeben</translation>
    </message>
</context>
<context>
    <name>sb::monitor::MonitorSource</name>
    <message>
        <source>This server does not accept actions from the console.</source>
        <translation>Dieser Server nimmt keine Aktionen von der Konsole an.</translation>
    </message>
</context>
<context>
    <name>sb::monitor::ServerController</name>
    <message>
        <source>The server is not running.</source>
        <translation>Der Server läuft nicht.</translation>
    </message>
</context>
<context>
    <name>sb::ui::AckModel</name>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>pending · %1 left</source>
        <translation>ausstehend · noch %1</translation>
    </message>
    <message>
        <source>pending · overdue %1</source>
        <translation>ausstehend · überfällig %1</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>beantwortet</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>Zeit überschritten</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>server → client</source>
        <translation>Server → Client</translation>
    </message>
    <message>
        <source>client → server</source>
        <translation>Client → Server</translation>
    </message>
    <message>
        <source>requested %1</source>
        <translation>angefordert %1</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Ack id</source>
        <translation>Ack-ID</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
</context>
<context>
    <name>sb::ui::ChartsPanel</name>
    <message>
        <source>↓ in</source>
        <translation>↓ ein</translation>
    </message>
    <message>
        <source>↑ out</source>
        <translation>↑ aus</translation>
    </message>
    <message>
        <source>Events per second</source>
        <translation>Ereignisse pro Sekunde</translation>
    </message>
    <message>
        <source>KiB per second</source>
        <translation>KiB pro Sekunde</translation>
    </message>
    <message>
        <source>sockets</source>
        <translation>Sockets</translation>
    </message>
    <message>
        <source>Connected sockets</source>
        <translation>Verbundene Sockets</translation>
    </message>
    <message>
        <source>Round-trip times</source>
        <translation>Umlaufzeiten</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>This server does not report round-trip times.</source>
        <translation>Dieser Server meldet keine Umlaufzeiten.</translation>
    </message>
    <message>
        <source>Failed handshakes / disconnects</source>
        <translation>Fehlgeschlagene Handshakes / Trennungen</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Round-trip times (no samples yet)</source>
        <translation>Umlaufzeiten (noch keine Messwerte)</translation>
    </message>
    <message>
        <source>Round-trip times · p50 %1 · p99 %2 · sessions: %3</source>
        <translation>Umlaufzeiten · p50 %1 · p99 %2 · Sitzungen: %3</translation>
    </message>
    <message>
        <source>Failed handshakes</source>
        <translation>Fehlgeschlagene Handshakes</translation>
    </message>
    <message>
        <source>code %1 · %2</source>
        <translation>Code %1 · %2</translation>
    </message>
    <message>
        <source>Refused connects</source>
        <translation>Abgelehnte Verbindungen</translation>
    </message>
    <message>
        <source>This server does not report failed handshakes</source>
        <translation>Dieser Server meldet keine fehlgeschlagenen Handshakes</translation>
    </message>
    <message>
        <source>Disconnects</source>
        <translation>Trennungen</translation>
    </message>
</context>
<context>
    <name>sb::ui::FailureModel</name>
    <message>
        <source>Transport unknown</source>
        <translation>Unbekannter Transport</translation>
    </message>
    <message>
        <source>Session ID unknown</source>
        <translation>Unbekannte Sitzungs-ID</translation>
    </message>
    <message>
        <source>Bad handshake method</source>
        <translation>Falsche Handshake-Methode</translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation>Ungültige Anfrage</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>Verboten</translation>
    </message>
    <message>
        <source>Unsupported protocol version</source>
        <translation>Nicht unterstützte Protokollversion</translation>
    </message>
    <message>
        <source>code %1</source>
        <translation>Code %1</translation>
    </message>
    <message>
        <source>handshake refused</source>
        <translation>Handshake abgelehnt</translation>
    </message>
    <message>
        <source>connect refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>User agent: %1</source>
        <translation>User-Agent: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
</context>
<context>
    <name>sb::ui::MainWindow</name>
    <message>
        <source>Switchboard — %1</source>
        <translation>Switchboard — %1</translation>
    </message>
    <message>
        <source>Filter sockets: id, user, address, room</source>
        <translation>Sockets filtern: ID, Benutzer, Adresse, Raum</translation>
    </message>
    <message>
        <source>Show all sockets</source>
        <translation>Alle Sockets anzeigen</translation>
    </message>
    <message>
        <source>Namespaces and rooms</source>
        <translation>Namespaces und Räume</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Verkehr</translation>
    </message>
    <message>
        <source>This server does not report acks.</source>
        <translation>Dieser Server meldet keine Acks.</translation>
    </message>
    <message>
        <source>Acks</source>
        <translation>Acks</translation>
    </message>
    <message>
        <source>This server does not report failed handshakes or refused connections.</source>
        <translation>Dieser Server meldet keine fehlgeschlagenen Handshakes oder abgelehnten Verbindungen.</translation>
    </message>
    <message>
        <source>Failed handshakes and refused connections</source>
        <translation>Fehlgeschlagene Handshakes und abgelehnte Verbindungen</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Socket inspector</source>
        <translation>Socket-Inspektor</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Export traffic…</source>
        <translation>Verkehr &amp;exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write the records the traffic log shows (filters applied) to JSON Lines or CSV</source>
        <translation>Die im Verkehrsprotokoll angezeigten Einträge (mit Filtern) als JSON Lines oder CSV schreiben</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Pause traffic</source>
        <translation>Verkehr &amp;anhalten</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Hold new traffic records (counters keep running); resume shows them</source>
        <translation>Neue Verkehrseinträge zurückhalten (die Zähler laufen weiter); Fortsetzen zeigt sie</translation>
    </message>
    <message>
        <source>&amp;Find in traffic…</source>
        <translation>Im Verkehr &amp;suchen…</translation>
    </message>
    <message>
        <source>C&amp;lear traffic</source>
        <translation>Verkehr &amp;leeren</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>Traffic &amp;tap</source>
        <translation>Verkehrs&amp;mitschnitt</translation>
    </message>
    <message>
        <source>Off: the server keeps no traffic records (counters still run)</source>
        <translation>Aus: Der Server speichert keine Verkehrseinträge (die Zähler laufen weiter)</translation>
    </message>
    <message>
        <source>&amp;Stop server</source>
        <translation>Server &amp;stoppen</translation>
    </message>
    <message>
        <source>Click to copy the URL; the arrow lists every address</source>
        <translation>Klicken, um die URL zu kopieren; der Pfeil listet alle Adressen</translation>
    </message>
    <message>
        <source>no snapshot yet</source>
        <translation>noch kein Schnappschuss</translation>
    </message>
    <message>
        <source>Stop the server: every connection is closed</source>
        <translation>Den Server stoppen: Jede Verbindung wird geschlossen</translation>
    </message>
    <message>
        <source>This server cannot be stopped from here</source>
        <translation>Dieser Server kann von hier nicht gestoppt werden</translation>
    </message>
    <message>
        <source>server health: not reported</source>
        <translation>Serverzustand: nicht gemeldet</translation>
    </message>
    <message>
        <source>sockets %1 · connections %2</source>
        <translation>Sockets %1 · Verbindungen %2</translation>
    </message>
    <message>
        <source>events/s ↓ %1 ↑ %2</source>
        <translation>Ereignisse/s ↓ %1 ↑ %2</translation>
    </message>
    <message>
        <source>bytes/s ↓ %1 ↑ %2</source>
        <translation>Bytes/s ↓ %1 ↑ %2</translation>
    </message>
    <message>
        <source>server CPU %1 · RSS %2</source>
        <translation>Server-CPU %1 · RSS %2</translation>
    </message>
    <message>
        <source>loop p99 %1 ms</source>
        <translation>Schleife p99 %1 ms</translation>
    </message>
    <message>
        <source>%1 descriptors, %2 threads; server loop lag p50 %3 ms, max %4 ms</source>
        <translation>%1 Deskriptoren, %2 Threads; Verzögerung der Serverschleife p50 %3 ms, max. %4 ms</translation>
    </message>
    <message>
        <source>pending %1</source>
        <translation>ausstehend %1</translation>
    </message>
    <message>
        <source>answered %1 · timed out %2 · disconnected %3</source>
        <translation>beantwortet %1 · Zeit überschritten %2 · getrennt %3</translation>
    </message>
    <message>
        <source>%1 dropped by the server&apos;s store · %2 dropped by this view&apos;s bound</source>
        <translation>%1 vom Speicher des Servers verworfen · %2 von der Grenze dieser Ansicht verworfen</translation>
    </message>
    <message>
        <source>%1 failed handshakes · %2 refused connects · %3 dropped by the server · %4 dropped by this view&apos;s bound</source>
        <translation>%1 fehlgeschlagene Handshakes · %2 abgelehnte Verbindungen · %3 vom Server verworfen · %4 von der Grenze dieser Ansicht verworfen</translation>
    </message>
    <message>
        <source>no URL yet</source>
        <translation>noch keine URL</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>%1 kopieren</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>GUI loop: measuring…</source>
        <translation>GUI-Schleife: wird gemessen…</translation>
    </message>
    <message>
        <source>GUI loop p99 %1 ms</source>
        <translation>GUI-Schleife p99 %1 ms</translation>
    </message>
    <message>
        <source>GUI event-loop lag over the last %1 s: p50 %2 ms, p99 %3 ms, max %4 ms
Applying a snapshot: p50 %5 ms, p99 %6 ms over %7 snapshots</source>
        <translation>Verzögerung der GUI-Ereignisschleife in den letzten %1 s: p50 %2 ms, p99 %3 ms, max. %4 ms
Anwenden eines Schnappschusses: p50 %5 ms, p99 %6 ms über %7 Schnappschüsse</translation>
    </message>
    <message>
        <source>All namespaces</source>
        <translation>Alle Namespaces</translation>
    </message>
    <message>
        <source>Namespace %1</source>
        <translation>Namespace %1</translation>
    </message>
    <message>
        <source>Room %1 in %2</source>
        <translation>Raum %1 in %2</translation>
    </message>
    <message>
        <source>%1 — sockets shown: %2 of %3</source>
        <translation>%1 — angezeigte Sockets: %2 von %3</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export traffic</source>
        <translation>Verkehr exportieren</translation>
    </message>
    <message>
        <source>Exported to %1 (records: %2)</source>
        <translation>Exportiert nach %1 (Einträge: %2)</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
</context>
<context>
    <name>sb::ui::NamespaceTreeModel</name>
    <message>
        <source>sockets: %1, rooms: %2</source>
        <translation>Sockets: %1, Räume: %2</translation>
    </message>
    <message>
        <source>Room %1 in %2 — members: %3</source>
        <translation>Raum %1 in %2 — Mitglieder: %3</translation>
    </message>
    <message>
        <source>Namespace / room</source>
        <translation>Namespace / Raum</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
</context>
<context>
    <name>sb::ui::SecretMasker</name>
    <message>
        <source>(not valid JSON, length %1; not shown because it could not be masked)</source>
        <translation>(kein gültiges JSON, Länge %1; nicht angezeigt, weil es nicht maskiert werden konnte)</translation>
    </message>
</context>
<context>
    <name>sb::ui::SocketInspector</name>
    <message>
        <source>Select a socket in the table to inspect it.</source>
        <translation>Einen Socket in der Tabelle wählen, um ihn zu untersuchen.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>Auth</source>
        <translation>Auth</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <source>Recent traffic of this socket</source>
        <translation>Letzter Verkehr dieses Sockets</translation>
    </message>
    <message>
        <source>Keys whose values are hidden in auth and data, at any depth</source>
        <translation>Schlüssel, deren Werte in Auth und Daten in jeder Tiefe verborgen werden</translation>
    </message>
    <message>
        <source>Masked keys:</source>
        <translation>Maskierte Schlüssel:</translation>
    </message>
    <message>
        <source>Socket %1 — waiting for details…</source>
        <translation>Socket %1 — warte auf Details…</translation>
    </message>
    <message>
        <source>Socket %1 is gone.</source>
        <translation>Socket %1 ist nicht mehr da.</translation>
    </message>
    <message>
        <source>Socket &lt;b&gt;%1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Socket &lt;b&gt;%1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Secure</source>
        <translation>Sicher</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>Wiederhergestellt</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation>(keine Daten)</translation>
    </message>
    <message>
        <source>(only its own room)</source>
        <translation>(nur sein eigener Raum)</translation>
    </message>
</context>
<context>
    <name>sb::ui::SocketTableModel</name>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <source>This server does not report per-socket counters</source>
        <translation>Dieser Server meldet keine Zähler pro Socket</translation>
    </message>
    <message>
        <source>This server does not report round-trip times</source>
        <translation>Dieser Server meldet keine Umlaufzeiten</translation>
    </message>
    <message>
        <source>This server does not report acks</source>
        <translation>Dieser Server meldet keine Acks</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Events in</source>
        <translation>Ereignisse ein</translation>
    </message>
    <message>
        <source>Events out</source>
        <translation>Ereignisse aus</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>RTT</source>
        <translation>RTT</translation>
    </message>
    <message>
        <source>Pending acks</source>
        <translation>Offene Acks</translation>
    </message>
</context>
<context>
    <name>sb::ui::TrafficLogModel</name>
    <message>
        <source>↓ in</source>
        <translation>↓ ein</translation>
    </message>
    <message>
        <source>↑ out ⇶ → %1</source>
        <translation>↑ aus ⇶ → %1</translation>
    </message>
    <message>
        <source>↑ out</source>
        <translation>↑ aus</translation>
    </message>
    <message>
        <source>(broadcast)</source>
        <translation>(Broadcast)</translation>
    </message>
    <message>
        <source>(rooms %1)</source>
        <translation>(Räume %1)</translation>
    </message>
    <message>
        <source>Broadcast — recipients: %1</source>
        <translation>Broadcast — Empfänger: %1</translation>
    </message>
    <message>
        <source>rooms: %1</source>
        <translation>Räume: %1</translation>
    </message>
    <message>
        <source>except: %1</source>
        <translation>außer: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Ack</source>
        <translation>Ack</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
</context>
<context>
    <name>sb::ui::TrafficPane</name>
    <message>
        <source>in and out</source>
        <translation>ein und aus</translation>
    </message>
    <message>
        <source>↓ in only</source>
        <translation>nur ↓ ein</translation>
    </message>
    <message>
        <source>↑ out only</source>
        <translation>nur ↑ aus</translation>
    </message>
    <message>
        <source>namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <source>socket id</source>
        <translation>Socket-ID</translation>
    </message>
    <message>
        <source>event (regex)</source>
        <translation>Ereignis (Regex)</translation>
    </message>
    <message>
        <source>search payload</source>
        <translation>Nutzdaten durchsuchen</translation>
    </message>
    <message>
        <source>regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <source>Search the payload with a regular expression instead of plain text</source>
        <translation>Die Nutzdaten mit einem regulären Ausdruck statt mit reinem Text durchsuchen</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>Suchen:</translation>
    </message>
    <message>
        <source>event, socket or payload text</source>
        <translation>Ereignis, Socket oder Text der Nutzdaten</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Vorheriger</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Vorheriger Treffer (Umschalt+F3)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nächster</translation>
    </message>
    <message>
        <source>Next match (F3, Enter)</source>
        <translation>Nächster Treffer (F3, Eingabe)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>This server does not report traffic.</source>
        <translation>Dieser Server meldet keinen Verkehr.</translation>
    </message>
    <message>
        <source>Not a valid regular expression</source>
        <translation>Kein gültiger regulärer Ausdruck</translation>
    </message>
    <message>
        <source>%1 dropped by the server&apos;s tap · %2 dropped by the log&apos;s bound (%3)</source>
        <translation>%1 vom Mitschnitt des Servers verworfen · %2 von der Grenze des Protokolls verworfen (%3)</translation>
    </message>
    <message>
        <source>paused, held: %1</source>
        <translation>angehalten, zurückgehalten: %1</translation>
    </message>
    <message>
        <source>showing %1 of %2</source>
        <translation>angezeigt %1 von %2</translation>
    </message>
    <message>
        <source>records: %1</source>
        <translation>Einträge: %1</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>kein Treffer</translation>
    </message>
</context>
<context>
    <name>sb::ui::TrafficRecordDialog</name>
    <message>
        <source>Traffic record #%1</source>
        <translation>Verkehrseintrag Nr. %1</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Zeit:</translation>
    </message>
    <message>
        <source>Direction:</source>
        <translation>Richtung:</translation>
    </message>
    <message>
        <source>Socket:</source>
        <translation>Socket:</translation>
    </message>
    <message>
        <source>(broadcast)</source>
        <translation>(Broadcast)</translation>
    </message>
    <message>
        <source>Namespace:</source>
        <translation>Namespace:</translation>
    </message>
    <message>
        <source>Packet:</source>
        <translation>Paket:</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Ereignis:</translation>
    </message>
    <message>
        <source>Ack id:</source>
        <translation>Ack-ID:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>%1 (attachments: %2)</source>
        <translation>%1 (Anhänge: %2)</translation>
    </message>
    <message>
        <source>Recipients:</source>
        <translation>Empfänger:</translation>
    </message>
    <message>
        <source>Rooms:</source>
        <translation>Räume:</translation>
    </message>
    <message>
        <source>(the whole namespace)</source>
        <translation>(der ganze Namespace)</translation>
    </message>
    <message>
        <source>Except:</source>
        <translation>Außer:</translation>
    </message>
    <message>
        <source>(the tap kept only the first %1 of this frame; not valid JSON on its own)</source>
        <translation>(der Mitschnitt hat nur die ersten %1 dieses Frames behalten; für sich kein gültiges JSON)</translation>
    </message>
    <message>
        <source>(not valid JSON)</source>
        <translation>(kein gültiges JSON)</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>Raw frame</source>
        <translation>Roher Frame</translation>
    </message>
</context>
<context>
    <name>sb::ui::fmt</name>
    <message>
        <source>upgrading…</source>
        <translation>Upgrade läuft…</translation>
    </message>
    <message>
        <source>polling → websocket</source>
        <translation>Polling → WebSocket</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>stoppt</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
</TS>
