#!/usr/bin/env escript
%%! -noshell -noinput
%% Checks a rabbitmq.conf (new-style) file offline with RabbitMQ's own cuttlefish schemas,
%% the way the broker reads it at boot, without starting a node.
%%
%% Usage: escript rabbitmq-conf-check.escript RABBITMQ_SERVER_DIR FILE
%%   RABBITMQ_SERVER_DIR: /usr/lib/rabbitmq/lib/rabbitmq_server-<version> (Debian)
%% Prints OK and exits 0, or prints one error per line on stderr and exits 1.
%%
%% The schemas of every shipped plugin are loaded, not only the enabled ones, so a key of a
%% plugin that is installed but not enabled is accepted.
main([ServerDir, ConfFile]) ->
    %% Cuttlefish reports "did you mean" through the logger; keep those lines plain.
    logger:set_handler_config(default, formatter, {logger_formatter, #{single_line => true, template => [msg, "\n"]}}),
    [code:add_patha(Ebin) || Ebin <- filelib:wildcard(filename:join(ServerDir, "plugins/*/ebin"))],
    case filelib:wildcard(filename:join(ServerDir, "plugins/*/priv/schema/*.schema")) of
        [] ->
            io:format(standard_error, "no cuttlefish schemas under ~ts~n", [ServerDir]),
            halt(2);
        Schemas ->
            check(cuttlefish_schema:files(Schemas), ConfFile)
    end;
main(_) ->
    io:format(standard_error, "usage: rabbitmq-conf-check.escript RABBITMQ_SERVER_DIR FILE~n", []),
    halt(2).

check({errorlist, Errors}, _ConfFile) ->
    report(Errors);
check(Schema, ConfFile) ->
    case cuttlefish_conf:files([ConfFile]) of
        {errorlist, Errors} ->
            report(Errors);
        Conf ->
            case cuttlefish_generator:map(Schema, Conf) of
                {error, _Phase, {errorlist, Errors}} -> report(Errors);
                _Config -> io:format("OK~n")
            end
    end.

report(Errors) ->
    [io:format(standard_error, "~ts~n", [cuttlefish_error:xlate(E)]) || E <- Errors],
    halt(1).
