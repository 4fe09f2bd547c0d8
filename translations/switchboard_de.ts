<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ChatPreview</name>
    <message>
        <source>everyone</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>%1 → server: %2</source>
        <translation>%1 → Server: %2</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2: %3</translation>
    </message>
    <message>
        <source>server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>(history)</source>
        <translation>(Verlauf)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 joined #%2</source>
        <translation>%1 ist #%2 beigetreten</translation>
    </message>
    <message>
        <source>%1 is typing</source>
        <translation>%1 tippt</translation>
    </message>
    <message>
        <source>%1 stopped typing</source>
        <translation>%1 tippt nicht mehr</translation>
    </message>
    <message>
        <source>in %1: %2</source>
        <translation>in %1: %2</translation>
    </message>
</context>
<context>
    <name>ServerSettings</name>
    <message>
        <source>The port must be between 0 and 65535 (0 picks a free one).</source>
        <translation>Der Port muss zwischen 0 und 65535 liegen (0 wählt einen freien).</translation>
    </message>
    <message>
        <source>The bind address &quot;%1&quot; is not an IP address.</source>
        <translation>Die Bind-Adresse „%1“ ist keine IP-Adresse.</translation>
    </message>
    <message>
        <source>The Socket.IO path must be non-empty and contain no spaces.</source>
        <translation>Der Socket.IO-Pfad darf nicht leer sein und keine Leerzeichen enthalten.</translation>
    </message>
    <message>
        <source>The raw Engine.IO path must differ from the Socket.IO path.</source>
        <translation>Der reine Engine.IO-Pfad muss sich vom Socket.IO-Pfad unterscheiden.</translation>
    </message>
    <message>
        <source>At least one transport (polling or WebSocket) must be allowed.</source>
        <translation>Mindestens ein Transport (Polling oder WebSocket) muss erlaubt sein.</translation>
    </message>
    <message>
        <source>%1 must be between 1 and %2 ms.</source>
        <translation>%1 muss zwischen 1 und %2 ms liegen.</translation>
    </message>
    <message>
        <source>The heartbeat interval</source>
        <translation>Das Heartbeat-Intervall</translation>
    </message>
    <message>
        <source>The heartbeat timeout</source>
        <translation>Das Heartbeat-Timeout</translation>
    </message>
    <message>
        <source>The upgrade timeout</source>
        <translation>Das Upgrade-Timeout</translation>
    </message>
    <message>
        <source>The connect timeout</source>
        <translation>Das Verbindungs-Timeout</translation>
    </message>
    <message>
        <source>The monitor interval</source>
        <translation>Das Monitor-Intervall</translation>
    </message>
    <message>
        <source>The recovery window must be between 0 (off) and %1 ms.</source>
        <translation>Das Wiederherstellungsfenster muss zwischen 0 (aus) und %1 ms liegen.</translation>
    </message>
    <message>
        <source>The buffer size must be between 1 and 2147483648 bytes.</source>
        <translation>Die Puffergröße muss zwischen 1 und 2147483648 Bytes liegen.</translation>
    </message>
    <message>
        <source>The CORS origin &quot;%1&quot; is not valid (no spaces).</source>
        <translation>Die CORS-Herkunft „%1“ ist ungültig (keine Leerzeichen).</translation>
    </message>
    <message>
        <source>The namespace &quot;%1&quot; is not valid (no commas or spaces).</source>
        <translation>Der Namespace „%1“ ist ungültig (keine Kommas oder Leerzeichen).</translation>
    </message>
    <message>
        <source>The namespace pattern &quot;%1&quot; is not a valid regular expression: %2 (at %3).</source>
        <translation>Das Namespace-Muster „%1“ ist kein gültiger regulärer Ausdruck: %2 (bei %3).</translation>
    </message>
    <message>
        <source>Unknown service &quot;%1&quot; (available: chat, echo).</source>
        <translation>Unbekannter Dienst „%1“ (verfügbar: chat, echo).</translation>
    </message>
    <message>
        <source>Namespaces and namespace patterns are for the echo service (the chat lives on /).</source>
        <translation>Namespaces und Namespace-Muster sind für den Echo-Dienst (der Chat lebt auf /).</translation>
    </message>
    <message>
        <source>The Redis address must look like redis://HOST:PORT/DB, not &quot;%1&quot;.</source>
        <translation>Die Redis-Adresse muss die Form redis://HOST:PORT/DB haben, nicht „%1“.</translation>
    </message>
    <message>
        <source>The Redis address &quot;%1&quot; has a bad port.</source>
        <translation>Die Redis-Adresse „%1“ hat einen ungültigen Port.</translation>
    </message>
    <message>
        <source>The Redis address &quot;%1&quot; has a bad database number.</source>
        <translation>Die Redis-Adresse „%1“ hat eine ungültige Datenbanknummer.</translation>
    </message>
    <message>
        <source>The chat history must be between 0 (none) and %1 messages.</source>
        <translation>Der Chatverlauf muss zwischen 0 (keiner) und %1 Nachrichten liegen.</translation>
    </message>
    <message>
        <source>The longest chat message must be between 1 and %1 characters.</source>
        <translation>Die längste Chatnachricht muss zwischen 1 und %1 Zeichen liegen.</translation>
    </message>
    <message>
        <source>The token lifetime must be between 1 and %1 seconds.</source>
        <translation>Die Gültigkeitsdauer der Token muss zwischen 1 und %1 Sekunden liegen.</translation>
    </message>
    <message>
        <source>The Redis key prefix may not be empty.</source>
        <translation>Das Redis-Schlüsselpräfix darf nicht leer sein.</translation>
    </message>
    <message>
        <source>The JWT secret is shorter than %1 bytes: it is easier to guess, and whoever knows it can sign tokens for any name.</source>
        <translation>Das JWT-Geheimnis ist kürzer als %1 Bytes: Es ist leichter zu erraten, und wer es kennt, kann Token für jeden Namen signieren.</translation>
    </message>
    <message>
        <source>The JWT secret starts or ends with a space, which is easily lost when it is copied.</source>
        <translation>Das JWT-Geheimnis beginnt oder endet mit einem Leerzeichen, das beim Kopieren leicht verloren geht.</translation>
    </message>
</context>
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
    <name>sb::ui::AckInspector</name>
    <message>
        <source>namespace (exact)</source>
        <translation>Namespace (exakt)</translation>
    </message>
    <message>
        <source>socket id contains</source>
        <translation>Socket-ID enthält</translation>
    </message>
    <message>
        <source>event contains</source>
        <translation>Ereignis enthält</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Filter:</translation>
    </message>
    <message>
        <source>Choose an ack to see it in full</source>
        <translation>Einen Ack wählen, um ihn vollständig zu sehen</translation>
    </message>
    <message>
        <source>Pending acks per socket</source>
        <translation>Offene Acks pro Socket</translation>
    </message>
    <message>
        <source>This server does not report acks.</source>
        <translation>Dieser Server meldet keine Acks.</translation>
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
        <source>showing %1 of %2</source>
        <translation>angezeigt %1 von %2</translation>
    </message>
    <message>
        <source>State:      %1</source>
        <translation>Status:     %1</translation>
    </message>
    <message>
        <source>Direction:  %1</source>
        <translation>Richtung:   %1</translation>
    </message>
    <message>
        <source>server → client (the client answers)</source>
        <translation>Server → Client (der Client antwortet)</translation>
    </message>
    <message>
        <source>client → server (the server answers)</source>
        <translation>Client → Server (der Server antwortet)</translation>
    </message>
    <message>
        <source>Namespace:  %1</source>
        <translation>Namespace:  %1</translation>
    </message>
    <message>
        <source>Socket:     %1</source>
        <translation>Socket:     %1</translation>
    </message>
    <message>
        <source>Event:      %1</source>
        <translation>Ereignis:   %1</translation>
    </message>
    <message>
        <source>Ack id:     %1</source>
        <translation>Ack-ID:     %1</translation>
    </message>
    <message>
        <source>Requested:  %1</source>
        <translation>Angefordert: %1</translation>
    </message>
    <message>
        <source>Timeout:    %1</source>
        <translation>Timeout:    %1</translation>
    </message>
    <message>
        <source>Settled:    %1</source>
        <translation>Erledigt:   %1</translation>
    </message>
    <message>
        <source>Latency:    %1</source>
        <translation>Latenz:     %1</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>Antwort:</translation>
    </message>
    <message>
        <source>(truncated by the server at 16 KiB)</source>
        <translation>(vom Server bei 16 KiB abgeschnitten)</translation>
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
    <name>sb::ui::AckSocketModel</name>
    <message>
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
</context>
<context>
    <name>sb::ui::ArgumentListEditor</name>
    <message>
        <source>empty: type one JSON value (e.g. &quot;text&quot;, 42, {…})</source>
        <translation>leer: einen JSON-Wert eingeben (z. B. &quot;Text&quot;, 42, {…})</translation>
    </message>
    <message>
        <source>more than one value: put each in its own argument</source>
        <translation>mehr als ein Wert: jeden in ein eigenes Argument setzen</translation>
    </message>
    <message>
        <source>the key _placeholder is reserved for attachments</source>
        <translation>der Schlüssel _placeholder ist für Anhänge reserviert</translation>
    </message>
    <message>
        <source>not a hex digit: %1</source>
        <translation>keine Hexadezimalziffer: %1</translation>
    </message>
    <message>
        <source>an odd number of hex digits</source>
        <translation>eine ungerade Anzahl Hexadezimalziffern</translation>
    </message>
    <message>
        <source>not valid base64</source>
        <translation>kein gültiges Base64</translation>
    </message>
    <message>
        <source>choose a file</source>
        <translation>eine Datei wählen</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>larger than 16 MiB</source>
        <translation>größer als 16 MiB</translation>
    </message>
    <message>
        <source>&amp;Add argument</source>
        <translation>Argument &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Another argument of the event: JSON, or bytes sent as a binary attachment</source>
        <translation>Ein weiteres Argument des Ereignisses: JSON oder Bytes, gesendet als binärer Anhang</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>Binär (hex)</translation>
    </message>
    <message>
        <source>Binary (base64)</source>
        <translation>Binär (Base64)</translation>
    </message>
    <message>
        <source>Binary (file)</source>
        <translation>Binär (Datei)</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>Datei…</translation>
    </message>
    <message>
        <source>Send the bytes of a file</source>
        <translation>Die Bytes einer Datei senden</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove this argument</source>
        <translation>Dieses Argument entfernen</translation>
    </message>
    <message>
        <source>Send a file&apos;s bytes</source>
        <translation>Die Bytes einer Datei senden</translation>
    </message>
    <message>
        <source>Argument %1</source>
        <translation>Argument %1</translation>
    </message>
    <message>
        <source>binary, %1</source>
        <translation>binär, %1</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>Argument %1, line %2, column %3: %4</source>
        <translation>Argument %1, Zeile %2, Spalte %3: %4</translation>
    </message>
    <message>
        <source>Argument %1: %2</source>
        <translation>Argument %1: %2</translation>
    </message>
</context>
<context>
    <name>sb::ui::BroadcastAnswerModel</name>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
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
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
</context>
<context>
    <name>sb::ui::BroadcastComposer</name>
    <message>
        <source>Messages sent from here, most recent first</source>
        <translation>Von hier gesendete Nachrichten, die neueste zuerst</translation>
    </message>
    <message>
        <source>&amp;Resend</source>
        <translation>&amp;Erneut senden</translation>
    </message>
    <message>
        <source>Send the chosen message of the history again, as it was</source>
        <translation>Die gewählte Nachricht des Verlaufs unverändert erneut senden</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Put the chosen message of the history into the form</source>
        <translation>Die gewählte Nachricht des Verlaufs ins Formular übernehmen</translation>
    </message>
    <message>
        <source>Named templates: choose one to put it into the form</source>
        <translation>Benannte Vorlagen: eine wählen, um sie ins Formular zu übernehmen</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Keep the form as a named template</source>
        <translation>Das Formular als benannte Vorlage behalten</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the chosen template</source>
        <translation>Die gewählte Vorlage löschen</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Verlauf:</translation>
    </message>
    <message>
        <source>Templates:</source>
        <translation>Vorlagen:</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>Vorlage speichern</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>Name der Vorlage:</translation>
    </message>
    <message>
        <source>Everyone (every namespace)</source>
        <translation>Alle (jeder Namespace)</translation>
    </message>
    <message>
        <source>A namespace</source>
        <translation>Ein Namespace</translation>
    </message>
    <message>
        <source>Rooms of a namespace</source>
        <translation>Räume eines Namespace</translation>
    </message>
    <message>
        <source>One socket</source>
        <translation>Ein Socket</translation>
    </message>
    <message>
        <source>The sockets selected in the table</source>
        <translation>Die in der Tabelle gewählten Sockets</translation>
    </message>
    <message>
        <source>room names, separated by commas</source>
        <translation>Raumnamen, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>socket id</source>
        <translation>Socket-ID</translation>
    </message>
    <message>
        <source>rooms whose sockets are left out (optional)</source>
        <translation>Räume, deren Sockets ausgelassen werden (optional)</translation>
    </message>
    <message>
        <source>event name</source>
        <translation>Ereignisname</translation>
    </message>
    <message>
        <source>volatile</source>
        <translation>flüchtig</translation>
    </message>
    <message>
        <source>Dropped for a client that cannot take it right now</source>
        <translation>Verworfen für einen Client, der es gerade nicht annehmen kann</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>Only this server&apos;s sockets, not those of other cluster nodes</source>
        <translation>Nur die Sockets dieses Servers, nicht die anderer Cluster-Knoten</translation>
    </message>
    <message>
        <source>compress</source>
        <translation>komprimieren</translation>
    </message>
    <message>
        <source>Allow per-message compression</source>
        <translation>Komprimierung pro Nachricht erlauben</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <source>&amp;Namespace:</source>
        <translation>&amp;Namespace:</translation>
    </message>
    <message>
        <source>R&amp;ooms:</source>
        <translation>R&amp;äume:</translation>
    </message>
    <message>
        <source>Soc&amp;ket:</source>
        <translation>Soc&amp;ket:</translation>
    </message>
    <message>
        <source>E&amp;xcept rooms:</source>
        <translation>A&amp;ußer Räumen:</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>&amp;Ereignis:</translation>
    </message>
    <message>
        <source>Flags:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <source>Wait for &amp;acks, timeout</source>
        <translation>Auf &amp;Acks warten, Timeout</translation>
    </message>
    <message>
        <source>Ask every recipient for an ack and show each answer below</source>
        <translation>Jeden Empfänger um einen Ack bitten und jede Antwort unten zeigen</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>This server does not accept actions from the console.</source>
        <translation>Dieser Server nimmt keine Aktionen von der Konsole an.</translation>
    </message>
    <message>
        <source>The server is not running.</source>
        <translation>Der Server läuft nicht.</translation>
    </message>
    <message>
        <source>A namespace starts with /.</source>
        <translation>Ein Namespace beginnt mit /.</translation>
    </message>
    <message>
        <source>Name at least one room.</source>
        <translation>Mindestens einen Raum nennen.</translation>
    </message>
    <message>
        <source>Enter a socket id.</source>
        <translation>Eine Socket-ID eingeben.</translation>
    </message>
    <message>
        <source>Select sockets in the table first.</source>
        <translation>Zuerst Sockets in der Tabelle wählen.</translation>
    </message>
    <message>
        <source>Enter an event name.</source>
        <translation>Einen Ereignisnamen eingeben.</translation>
    </message>
    <message>
        <source>%1 is a reserved event name.</source>
        <translation>%1 ist ein reservierter Ereignisname.</translation>
    </message>
    <message>
        <source>Send the event now (Enter in the event field)</source>
        <translation>Das Ereignis jetzt senden (Eingabe im Ereignisfeld)</translation>
    </message>
    <message>
        <source>Sent; waiting for acks…</source>
        <translation>Gesendet; warte auf Acks…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Rooms now: %1</source>
        <translation>Räume jetzt: %1</translation>
    </message>
    <message>
        <source>Waiting for acks… answers so far: %1</source>
        <translation>Warte auf Acks… bisherige Antworten: %1</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>recipients %1: answered %2 · timed out %3 · disconnected %4</source>
        <translation>Empfänger %1: beantwortet %2 · Zeit überschritten %3 · getrennt %4</translation>
    </message>
    <message>
        <source>Sent; recipients: %1.</source>
        <translation>Gesendet; Empfänger: %1.</translation>
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
    <name>sb::ui::ComposerHistory</name>
    <message>
        <source>selected sockets</source>
        <translation>gewählte Sockets</translation>
    </message>
    <message>
        <source>everyone</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>%1 rooms %2</source>
        <translation>%1 Räume %2</translation>
    </message>
    <message>
        <source>socket %1</source>
        <translation>Socket %1</translation>
    </message>
    <message>
        <source>except %1</source>
        <translation>außer %1</translation>
    </message>
    <message>
        <source>%1 → %2 (arguments: %3</source>
        <translation>%1 → %2 (Argumente: %3</translation>
    </message>
    <message>
        <source>, ack</source>
        <translation>, Ack</translation>
    </message>
</context>
<context>
    <name>sb::ui::DrainDialog</name>
    <message>
        <source>Drain and stop the server</source>
        <translation>Server leeren und stoppen</translation>
    </message>
    <message>
        <source>The server stops accepting connections and tells every client to leave. Connections still open at the deadline are closed. This cannot be cancelled once it has begun.</source>
        <translation>Der Server nimmt keine Verbindungen mehr an und fordert jeden Client zum Gehen auf. Verbindungen, die zur Frist noch offen sind, werden geschlossen. Einmal begonnen, lässt sich das nicht abbrechen.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Deadline:</source>
        <translation>&amp;Frist:</translation>
    </message>
    <message>
        <source>%v of %m connections closed</source>
        <translation>%v von %m Verbindungen geschlossen</translation>
    </message>
    <message>
        <source>Drain and &amp;stop</source>
        <translation>Leeren und &amp;stoppen</translation>
    </message>
    <message>
        <source>Start &amp;again</source>
        <translation>&amp;Wieder starten</translation>
    </message>
    <message>
        <source>Waiting for %1 of %2 connections to leave…</source>
        <translation>Warte, bis %1 von %2 Verbindungen gegangen sind…</translation>
    </message>
    <message>
        <source>The server is running.</source>
        <translation>Der Server läuft.</translation>
    </message>
    <message>
        <source>The server is not running.</source>
        <translation>Der Server läuft nicht.</translation>
    </message>
    <message>
        <source>Draining…</source>
        <translation>Wird geleert…</translation>
    </message>
    <message>
        <source>Stopped: %1 connections were open when the drain began.</source>
        <translation>Gestoppt: %1 Verbindungen waren zu Beginn des Leerens offen.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Gestoppt.</translation>
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
        <source>System language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
    <message>
        <source>Broadcast composer</source>
        <translation>Broadcast-Editor</translation>
    </message>
    <message>
        <source>&amp;Namespaces and rooms</source>
        <translation>&amp;Namespaces und Räume</translation>
    </message>
    <message>
        <source>&amp;Traffic</source>
        <translation>&amp;Verkehr</translation>
    </message>
    <message>
        <source>&amp;Acks</source>
        <translation>&amp;Acks</translation>
    </message>
    <message>
        <source>Failed &amp;handshakes and refused connections</source>
        <translation>Fehlgeschlagene &amp;Handshakes und abgelehnte Verbindungen</translation>
    </message>
    <message>
        <source>&amp;Charts</source>
        <translation>&amp;Diagramme</translation>
    </message>
    <message>
        <source>Socket &amp;inspector</source>
        <translation>Socket-&amp;Inspektor</translation>
    </message>
    <message>
        <source>Broadcast c&amp;omposer</source>
        <translation>Broadcast-&amp;Editor</translation>
    </message>
    <message>
        <source>Compose a &amp;broadcast…</source>
        <translation>&amp;Broadcast verfassen…</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>E&amp;instellungen…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Every server option; changes are applied with a restart of the server</source>
        <translation>Jede Serveroption; Änderungen gelten nach einem Neustart des Servers</translation>
    </message>
    <message>
        <source>&amp;Drain and stop…</source>
        <translation>&amp;Leeren und stoppen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Stop accepting, tell every client, close what is left at a deadline</source>
        <translation>Keine Verbindungen mehr annehmen, jeden Client benachrichtigen, zur Frist den Rest schließen</translation>
    </message>
    <message>
        <source>Start &amp;again</source>
        <translation>&amp;Wieder starten</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Start the stopped server again with the current settings</source>
        <translation>Den gestoppten Server mit den aktuellen Einstellungen wieder starten</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>A&amp;ktionen</translation>
    </message>
    <message>
        <source>&amp;Kick socket(s)…</source>
        <translation>Socket(s) &amp;hinauswerfen…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Disconnect the selected sockets from their namespace (the client sees &quot;io server disconnect&quot;)</source>
        <translation>Die gewählten Sockets von ihrem Namespace trennen (der Client sieht „io server disconnect“)</translation>
    </message>
    <message>
        <source>&amp;Close connection(s)…</source>
        <translation>Verbindung(en) &amp;schließen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+K</source>
        <translation>Ctrl+Shift+K</translation>
    </message>
    <message>
        <source>Close the whole connection of each selected socket (the client sees &quot;transport close&quot;)</source>
        <translation>Die ganze Verbindung jedes gewählten Sockets schließen (der Client sieht „transport close“)</translation>
    </message>
    <message>
        <source>&amp;Join room…</source>
        <translation>Raum &amp;beitreten…</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>&amp;Leave room…</source>
        <translation>Raum &amp;verlassen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+J</source>
        <translation>Ctrl+Shift+J</translation>
    </message>
    <message>
        <source>Disconnect every socket of the &amp;room…</source>
        <translation>Jeden Socket des &amp;Raums trennen…</translation>
    </message>
    <message>
        <source>Kick every socket of the room selected in the tree</source>
        <translation>Jeden Socket des im Baum gewählten Raums hinauswerfen</translation>
    </message>
    <message>
        <source>Close the co&amp;nnections of the room…</source>
        <translation>Die Verbi&amp;ndungen des Raums schließen…</translation>
    </message>
    <message>
        <source>Close the connection of every socket of the room selected in the tree</source>
        <translation>Die Verbindung jedes Sockets des im Baum gewählten Raums schließen</translation>
    </message>
    <message>
        <source>Server started: %1</source>
        <translation>Server gestartet: %1</translation>
    </message>
    <message>
        <source>The server could not start: %1</source>
        <translation>Der Server konnte nicht starten: %1</translation>
    </message>
    <message numerus="yes">
        <source>Close the connection of %n socket(s)? Each client sees &quot;transport close&quot;; its other namespaces on that connection go too.</source>
        <translation>
            <numerusform>Die Verbindung von %n Socket schließen? Jeder Client sieht „transport close“; seine anderen Namespaces auf dieser Verbindung enden ebenfalls.</numerusform>
            <numerusform>Die Verbindungen von %n Sockets schließen? Jeder Client sieht „transport close“; seine anderen Namespaces auf dieser Verbindung enden ebenfalls.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kick %n socket(s) from their namespace? Each client sees &quot;io server disconnect&quot; and does not reconnect by itself.</source>
        <translation>
            <numerusform>%n Socket aus seinem Namespace hinauswerfen? Jeder Client sieht „io server disconnect“ und verbindet sich nicht von selbst neu.</numerusform>
            <numerusform>%n Sockets aus ihrem Namespace hinauswerfen? Jeder Client sieht „io server disconnect“ und verbindet sich nicht von selbst neu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Close connections</source>
        <translation>Verbindungen schließen</translation>
    </message>
    <message>
        <source>Kick sockets</source>
        <translation>Sockets hinauswerfen</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Close %n connection(s)</source>
        <translation>
            <numerusform>%n Verbindung &amp;schließen</numerusform>
            <numerusform>%n Verbindungen &amp;schließen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Kick %n socket(s)</source>
        <translation>
            <numerusform>%n Socket &amp;hinauswerfen</numerusform>
            <numerusform>%n Sockets &amp;hinauswerfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Join a room</source>
        <translation>Einem Raum beitreten</translation>
    </message>
    <message>
        <source>Leave a room</source>
        <translation>Einen Raum verlassen</translation>
    </message>
    <message numerus="yes">
        <source>Room for %n socket(s) to &amp;join:</source>
        <translation>
            <numerusform>Raum, dem %n Socket &amp;beitritt:</numerusform>
            <numerusform>Raum, dem %n Sockets &amp;beitreten:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Room for %n socket(s) to &amp;leave:</source>
        <translation>
            <numerusform>Raum, den %n Socket &amp;verlässt:</numerusform>
            <numerusform>Raum, den %n Sockets &amp;verlassen:</numerusform>
        </translation>
    </message>
    <message>
        <source>room %1 in %2</source>
        <translation>Raum %1 in %2</translation>
    </message>
    <message numerus="yes">
        <source>Close the connections of the %n socket(s) of %1? Each client sees &quot;transport close&quot;.</source>
        <translation>
            <numerusform>Die Verbindung des %n Sockets von %1 schließen? Jeder Client sieht „transport close“.</numerusform>
            <numerusform>Die Verbindungen der %n Sockets von %1 schließen? Jeder Client sieht „transport close“.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kick the %n socket(s) of %1? Each client sees &quot;io server disconnect&quot;.</source>
        <translation>
            <numerusform>Den %n Socket von %1 hinauswerfen? Jeder Client sieht „io server disconnect“.</numerusform>
            <numerusform>Die %n Sockets von %1 hinauswerfen? Jeder Client sieht „io server disconnect“.</numerusform>
        </translation>
    </message>
    <message>
        <source>Disconnect a room</source>
        <translation>Einen Raum trennen</translation>
    </message>
    <message>
        <source>Action failed: %1</source>
        <translation>Aktion fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Disconnected %n socket(s)</source>
        <translation>
            <numerusform>%n Socket getrennt</numerusform>
            <numerusform>%n Sockets getrennt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n socket(s) joined the room</source>
        <translation>
            <numerusform>%n Socket ist dem Raum beigetreten</numerusform>
            <numerusform>%n Sockets sind dem Raum beigetreten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n socket(s) left the room</source>
        <translation>
            <numerusform>%n Socket hat den Raum verlassen</numerusform>
            <numerusform>%n Sockets haben den Raum verlassen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disconnected the room&apos;s %n socket(s)</source>
        <translation>
            <numerusform>Den %n Socket des Raums getrennt</numerusform>
            <numerusform>Die %n Sockets des Raums getrennt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already gone</source>
        <translation>
            <numerusform>%n schon weg</numerusform>
            <numerusform>%n schon weg</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings saved; they apply when the server starts again.</source>
        <translation>Einstellungen gespeichert; sie gelten, wenn der Server wieder startet.</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>&amp;Sprache</translation>
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
    <name>sb::ui::RoomDialog</name>
    <message>
        <source>room name</source>
        <translation>Raumname</translation>
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
    <name>sb::ui::SettingsDialog</name>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Server settings</source>
        <translation>Servereinstellungen</translation>
    </message>
    <message>
        <source>0 (any free port)</source>
        <translation>0 (ein freier Port)</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>all interfaces</source>
        <translation>alle Schnittstellen</translation>
    </message>
    <message>
        <source>&amp;Bind address:</source>
        <translation>&amp;Bind-Adresse:</translation>
    </message>
    <message>
        <source>Socket.IO pa&amp;th:</source>
        <translation>Socket.IO-Pf&amp;ad:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>A bare Engine.IO endpoint that echoes every message back</source>
        <translation>Ein reiner Engine.IO-Endpunkt, der jede Nachricht zurückschickt</translation>
    </message>
    <message>
        <source>&amp;Raw Engine.IO echo path:</source>
        <translation>Pfad des &amp;reinen Engine.IO-Echos:</translation>
    </message>
    <message>
        <source>Serve the socket.io-client browser b&amp;undle</source>
        <translation>Das Browser-Paket von socket.io-client &amp;ausliefern</translation>
    </message>
    <message>
        <source>&amp;Long-polling</source>
        <translation>&amp;Long-Polling</translation>
    </message>
    <message>
        <source>&amp;WebSocket</source>
        <translation>&amp;WebSocket</translation>
    </message>
    <message>
        <source>Transports:</source>
        <translation>Transporte:</translation>
    </message>
    <message>
        <source>&amp;Compress long-polling responses (gzip/deflate)</source>
        <translation>Long-Polling-Antworten &amp;komprimieren (gzip/deflate)</translation>
    </message>
    <message>
        <source>one origin per line; * allows any; empty: same origin only</source>
        <translation>eine Herkunft pro Zeile; * erlaubt jede; leer: nur gleiche Herkunft</translation>
    </message>
    <message>
        <source>CORS &amp;origins:</source>
        <translation>CORS-&amp;Herkünfte:</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>&amp;Netzwerk</translation>
    </message>
    <message>
        <source>Heartbeat &amp;interval:</source>
        <translation>Heartbeat-&amp;Intervall:</translation>
    </message>
    <message>
        <source>Heartbeat &amp;timeout:</source>
        <translation>Heartbeat-&amp;Timeout:</translation>
    </message>
    <message>
        <source>&amp;Upgrade timeout:</source>
        <translation>&amp;Upgrade-Timeout:</translation>
    </message>
    <message>
        <source>&amp;Connect timeout:</source>
        <translation>&amp;Verbindungs-Timeout:</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> Bytes</translation>
    </message>
    <message>
        <source>Largest message or POST body</source>
        <translation>Größte Nachricht oder größter POST-Inhalt</translation>
    </message>
    <message>
        <source>&amp;Buffer size:</source>
        <translation>&amp;Puffergröße:</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>A client that reconnects within this window gets its id, rooms and missed events back</source>
        <translation>Ein Client, der sich innerhalb dieses Fensters neu verbindet, erhält seine ID, Räume und verpassten Ereignisse zurück</translation>
    </message>
    <message>
        <source>Connection state &amp;recovery:</source>
        <translation>&amp;Wiederherstellung des Verbindungszustands:</translation>
    </message>
    <message>
        <source>&amp;Monitor interval:</source>
        <translation>&amp;Monitor-Intervall:</translation>
    </message>
    <message>
        <source>Timin&amp;g and limits</source>
        <translation>&amp;Zeiten und Grenzen</translation>
    </message>
    <message>
        <source>echo</source>
        <translation>echo</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>&amp;Dienst:</translation>
    </message>
    <message>
        <source>one namespace per line; empty: /</source>
        <translation>ein Namespace pro Zeile; leer: /</translation>
    </message>
    <message>
        <source>N&amp;amespaces:</source>
        <translation>N&amp;amespaces:</translation>
    </message>
    <message>
        <source>one regular expression per line (dynamic namespaces)</source>
        <translation>ein regulärer Ausdruck pro Zeile (dynamische Namespaces)</translation>
    </message>
    <message>
        <source>Namespace &amp;patterns:</source>
        <translation>Namespace-&amp;Muster:</translation>
    </message>
    <message>
        <source>S&amp;ervice</source>
        <translation>D&amp;ienst</translation>
    </message>
    <message>
        <source>Save an&amp;d restart server</source>
        <translation>Speichern und Server &amp;neu starten</translation>
    </message>
    <message>
        <source>Save an&amp;d start server</source>
        <translation>Speichern und Server &amp;starten</translation>
    </message>
    <message>
        <source>Set on the command line (--%1); it wins over the saved setting for this run.</source>
        <translation>Auf der Befehlszeile gesetzt (--%1); das gilt für diesen Lauf vor der gespeicherten Einstellung.</translation>
    </message>
    <message>
        <source>set on the command line</source>
        <translation>auf der Befehlszeile gesetzt</translation>
    </message>
    <message>
        <source>Changed options are applied with a restart of the server: &quot;Save and restart server&quot; does that now (every client is disconnected), &quot;Save&quot; keeps them for the next start.</source>
        <translation>Geänderte Optionen gelten nach einem Neustart des Servers: „Speichern und Server neu starten“ tut das jetzt (jeder Client wird getrennt), „Speichern“ behält sie für den nächsten Start.</translation>
    </message>
    <message>
        <source>Changed options are applied when the server starts again.</source>
        <translation>Geänderte Optionen gelten, wenn der Server wieder startet.</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>chat</translation>
    </message>
    <message>
        <source>off; redis://HOST:PORT/DB</source>
        <translation>aus; redis://HOST:PORT/DB</translation>
    </message>
    <message>
        <source>Join a cluster of servers through Redis (compatible with the Node.js Redis adapter)</source>
        <translation>Über Redis einem Servercluster beitreten (kompatibel mit dem Redis-Adapter von Node.js)</translation>
    </message>
    <message>
        <source>Cluster through Red&amp;is:</source>
        <translation>Cluster über Red&amp;is:</translation>
    </message>
    <message>
        <source>Prefix of the cluster&apos;s Redis channels (the same on every node)</source>
        <translation>Präfix der Redis-Kanäle des Clusters (auf jedem Knoten gleich)</translation>
    </message>
    <message>
        <source>Redis &amp;key prefix:</source>
        <translation>Redis-Schlüsselpräfi&amp;x:</translation>
    </message>
    <message>
        <source> messages</source>
        <translation> Nachrichten</translation>
    </message>
    <message>
        <source>Recent messages per room the chat sends to whoever joins</source>
        <translation>Letzte Nachrichten pro Raum, die der Chat jedem Neuankömmling schickt</translation>
    </message>
    <message>
        <source>Chat &amp;history:</source>
        <translation>Chat&amp;verlauf:</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> Zeichen</translation>
    </message>
    <message>
        <source>Longest chat &amp;message:</source>
        <translation>Längste Chat&amp;nachricht:</translation>
    </message>
    <message>
        <source>&amp;Require sign-in tokens</source>
        <translation>Anmelde&amp;token verlangen</translation>
    </message>
    <message>
        <source>Every connection must carry an HS256 JWT signed with this secret (auth: {token})</source>
        <translation>Jede Verbindung muss ein mit diesem Geheimnis signiertes HS256-JWT mitbringen (auth: {token})</translation>
    </message>
    <message>
        <source>the secret tokens are signed with</source>
        <translation>das Geheimnis, mit dem Token signiert werden</translation>
    </message>
    <message>
        <source>Sho&amp;w</source>
        <translation>&amp;Zeigen</translation>
    </message>
    <message>
        <source>JWT &amp;secret:</source>
        <translation>JWT-&amp;Geheimnis:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How long the sign-in links made in the Share dock stay valid; applies to new links at once</source>
        <translation>Wie lange die im Teilen-Dock erzeugten Anmeldelinks gültig bleiben; gilt sofort für neue Links</translation>
    </message>
    <message>
        <source>Token &amp;lifetime:</source>
        <translation>&amp;Lebensdauer der Token:</translation>
    </message>
    <message>
        <source>Set on the command line (--jwt-secret) or by SWITCHBOARD_JWT_SECRET; it wins over the saved setting for this run.</source>
        <translation>Auf der Befehlszeile (--jwt-secret) oder durch SWITCHBOARD_JWT_SECRET gesetzt; das gilt für diesen Lauf vor der gespeicherten Einstellung.</translation>
    </message>
    <message>
        <source>set on the command line or environment</source>
        <translation>auf der Befehlszeile oder in der Umgebung gesetzt</translation>
    </message>
    <message>
        <source>Sign-in tokens need a secret: type one, or untick &quot;Require sign-in tokens&quot;.</source>
        <translation>Anmeldetoken brauchen ein Geheimnis: eines eingeben oder „Anmeldetoken verlangen“ abwählen.</translation>
    </message>
    <message>
        <source>Every option but the token lifetime is applied with a restart of the server.</source>
        <translation>Jede Option außer der Lebensdauer der Token gilt nach einem Neustart des Servers.</translation>
    </message>
    <message>
        <source>The token lifetime applies to new sign-in links as soon as it is saved; no restart is needed.</source>
        <translation>Die Lebensdauer der Token gilt für neue Anmeldelinks, sobald sie gespeichert ist; kein Neustart nötig.</translation>
    </message>
</context>
<context>
    <name>sb::ui::SharePanel</name>
    <message>
        <source>Mint token</source>
        <translation>Token erzeugen</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Scan with a phone to open the chat</source>
        <translation>Mit einem Telefon scannen, um den Chat zu öffnen</translation>
    </message>
    <message>
        <source>chat name</source>
        <translation>Chat-Name</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>Gültig für</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>Lauscht nicht</translation>
    </message>
    <message>
        <source>Sign-in link for one person:</source>
        <translation>Anmeldelink für eine Person:</translation>
    </message>
    <message>
        <source>No URL to show</source>
        <translation>Keine URL anzuzeigen</translation>
    </message>
    <message>
        <source>Give a name first.</source>
        <translation>Zuerst einen Namen angeben.</translation>
    </message>
    <message>
        <source>No token for this name (see the chat&apos;s rules for names).</source>
        <translation>Kein Token für diesen Namen (siehe die Regeln des Chats für Namen).</translation>
    </message>
    <message numerus="yes">
        <source>Link for %1, valid for %n hour(s):</source>
        <translation>
            <numerusform>Link für %1, %n Stunde gültig:</numerusform>
            <numerusform>Link für %1, %n Stunden gültig:</numerusform>
        </translation>
    </message>
    <message>
        <source>The server takes no sign-in tokens: set a JWT secret in the server settings (or start it with --jwt-secret SECRET) to hand out links for names.</source>
        <translation>Der Server nimmt keine Anmeldetoken an: ein JWT-Geheimnis in den Servereinstellungen setzen (oder ihn mit --jwt-secret GEHEIMNIS starten), um Links für Namen auszugeben.</translation>
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
