<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
    <context>
        <name>ComposeBox</name>
        <message>
            <source>Write to the young person. Enter sends, Shift+Enter adds a new line.</source>
            <translation>Write to the young person. Enter sends, Shift+Enter adds a new line.</translation>
        </message>
    </context>
    <context>
        <name>ConfirmCloseDialog</name>
        <message>
            <source>End conversation</source>
            <translation>End conversation</translation>
        </message>
        <message>
            <source>End the conversation %1?</source>
            <translation>End the conversation %1?</translation>
        </message>
        <message>
            <source>The young person is told that the conversation has ended.</source>
            <translation>The young person is told that the conversation has ended.</translation>
        </message>
        <message>
            <source>End</source>
            <translation>End</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>ConnectionIndicator</name>
        <message>
            <source>Connected</source>
            <translation>Connected</translation>
        </message>
        <message>
            <source>Connecting …</source>
            <translation>Connecting …</translation>
        </message>
        <message>
            <source>Reconnecting …</source>
            <translation>Reconnecting …</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message numerus="yes">
            <source>%n message(s) waiting to be sent</source>
            <translation>
                <numerusform>%n message waiting to be sent</numerusform>
                <numerusform>%n messages waiting to be sent</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ConversationList</name>
        <message>
            <source>My conversations</source>
            <translation>My conversations</translation>
        </message>
    </context>
    <context>
        <name>ConversationListModel</name>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>closed</translation>
        </message>
        <message>
            <source>waiting for you, %1</source>
            <translation>waiting for you, %1</translation>
        </message>
        <message>
            <source>open</source>
            <translation>open</translation>
        </message>
        <message numerus="yes">
            <source>%n new</source>
            <translation>
                <numerusform>%n new</numerusform>
                <numerusform>%n new</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ConversationPanel</name>
        <message>
            <source>End conversation</source>
            <translation>End conversation</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Send</translation>
        </message>
        <message>
            <source>No conversation chosen</source>
            <translation>No conversation chosen</translation>
        </message>
        <message>
            <source>%1 (closed)</source>
            <translation>%1 (closed)</translation>
        </message>
        <message>
            <source>Could not end the conversation: %1</source>
            <translation>Could not end the conversation: %1</translation>
        </message>
    </context>
    <context>
        <name>CredentialStore</name>
        <message>
            <source>No secure keyring was found on this machine, so the password cannot be remembered. You must type it every time.</source>
            <translation>No secure keyring was found on this machine, so the password cannot be remembered. You must type it every time.</translation>
        </message>
        <message>
            <source>The keyring on this machine refused to store the password, so it cannot be remembered. You must type it every time.</source>
            <translation>The keyring on this machine refused to store the password, so it cannot be remembered. You must type it every time.</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Sign in to the desk</source>
            <translation>Sign in to the desk</translation>
        </message>
        <message>
            <source>Remember the password on this machine</source>
            <translation>Remember the password on this machine</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Hub address</source>
            <translation>Hub address</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Fill in the hub address and user name.</source>
            <translation>Fill in the hub address and user name.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>116 111 – Counsellor desk</source>
            <translation>116 111 – Counsellor desk</translation>
        </message>
        <message>
            <source>Signed in as %1</source>
            <translation>Signed in as %1</translation>
        </message>
    </context>
    <context>
        <name>QueueModel</name>
        <message>
            <source>No.</source>
            <translation>No.</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Waited</source>
            <translation>Waited</translation>
        </message>
    </context>
    <context>
        <name>QueuePanel</name>
        <message>
            <source>Take</source>
            <translation>Take</translation>
        </message>
        <message numerus="yes">
            <source>Queue (%n waiting)</source>
            <translation>
                <numerusform>Queue (%n waiting)</numerusform>
                <numerusform>Queue (%n waiting)</numerusform>
            </translation>
        </message>
        <message>
            <source>Another counsellor took this contact first.</source>
            <translation>Another counsellor took this contact first.</translation>
        </message>
        <message>
            <source>Could not take the contact: %1</source>
            <translation>Could not take the contact: %1</translation>
        </message>
    </context>
    <context>
        <name>TranscriptDelegate</name>
        <message>
            <source>Sending…</source>
            <translation>Sending…</translation>
        </message>
        <message>
            <source>Young person</source>
            <translation>Young person</translation>
        </message>
        <message>
            <source>Note by %1</source>
            <translation>Note by %1</translation>
        </message>
        <message>
            <source>Counsellor</source>
            <translation>Counsellor</translation>
        </message>
    </context>
    <context>
        <name>TranscriptModel</name>
        <message>
            <source>Conversation opened (%1)</source>
            <extracomment>Event kinds whose row shows the text someone wrote.</extracomment>
            <translation>Conversation opened (%1)</translation>
        </message>
        <message>
            <source>%1 took the conversation</source>
            <translation>%1 took the conversation</translation>
        </message>
        <message>
            <source>Flagged as %1 by %2</source>
            <translation>Flagged as %1 by %2</translation>
        </message>
        <message>
            <source>Conversation closed: %1</source>
            <translation>Conversation closed: %1</translation>
        </message>
        <message>
            <source>This conversation has gone on long while others wait</source>
            <translation>This conversation has gone on long while others wait</translation>
        </message>
        <message>
            <source>Others are waiting in the queue</source>
            <translation>Others are waiting in the queue</translation>
        </message>
        <message>
            <source>Consultation: %1</source>
            <translation>Consultation: %1</translation>
        </message>
    </context>
    <context>
        <name>excepthook</name>
        <message>
            <source>Something went wrong</source>
            <translation>Something went wrong</translation>
        </message>
        <message>
            <source>Something unexpected went wrong in the desk. The details were written to the log. If it happens again, tell your shift lead.</source>
            <translation>Something unexpected went wrong in the desk. The details were written to the log. If it happens again, tell your shift lead.</translation>
        </message>
    </context>
    <context>
        <name>labels</name>
        <message>
            <source>Chat</source>
            <translation>Chat</translation>
        </message>
        <message>
            <source>SMS</source>
            <translation>SMS</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Unknown channel</source>
            <translation>Unknown channel</translation>
        </message>
        <message>
            <source>the young person left</source>
            <translation>the young person left</translation>
        </message>
        <message>
            <source>closed by the counsellor</source>
            <translation>closed by the counsellor</translation>
        </message>
        <message>
            <source>the connection to the young person was lost</source>
            <translation>the connection to the young person was lost</translation>
        </message>
        <message>
            <source>no reason given</source>
            <translation>no reason given</translation>
        </message>
        <message>
            <source>risk</source>
            <translation>risk</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>%1 min</source>
            <translation>%1 min</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 h %2 min</translation>
        </message>
    </context>
    <context>
        <name>screenshot</name>
        <message>
            <source>Hi, you have reached the helpline for children and young people. My name is %1. I'm glad you wrote. What would you like to talk about?</source>
            <translation>Hi, you have reached the helpline for children and young people. My name is %1. I'm glad you wrote. What would you like to talk about?</translation>
        </message>
    </context>
    <context>
        <name>session</name>
        <message>
            <source>The user name or password is wrong.</source>
            <translation>The user name or password is wrong.</translation>
        </message>
        <message>
            <source>Could not reach the hub at %1. Check the address and try again.</source>
            <translation>Could not reach the hub at %1. Check the address and try again.</translation>
        </message>
    </context>
</TS>
