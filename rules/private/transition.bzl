"""The incoming-edge transition every Go rule carries.

It copies the FIPS flags (or a target's own override, later) into internal
settings that the standard library reads. Two things follow: every Go target
of one FIPS configuration shares one configuration, hence one stdlib; and,
since the internal settings differ from their defaults, each FIPS
configuration gets its own output directory, so flipping
--@fips//:version back and forth finds the earlier outputs still there
instead of rebuilding them.
"""

VERSION_FLAG = str(Label("//:version"))
MODE_FLAG = str(Label("//:mode"))
EFFECTIVE_VERSION = str(Label("//rules/private:effective_version"))
EFFECTIVE_MODE = str(Label("//rules/private:effective_mode"))

def _fips_transition_impl(settings, _attr):
    return {
        EFFECTIVE_VERSION: settings[VERSION_FLAG],
        EFFECTIVE_MODE: settings[MODE_FLAG],
    }

fips_transition = transition(
    implementation = _fips_transition_impl,
    inputs = [VERSION_FLAG, MODE_FLAG],
    outputs = [EFFECTIVE_VERSION, EFFECTIVE_MODE],
)
